package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.loss.MultiSimilarityLoss;
import com.hdcsearch.mining.MultiSimilarityMiner;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.train.bench.ConfigOverrides;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cross-batch memory: its ring, its warm-up, and what the multi-similarity objectives do with it. */
class CrossBatchMemoryTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(16);

  @Test
  void theRingKeepsTheNewestRowsWithTheirLabelsAndIsReadOnlyAfterItsWarmup() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      CrossBatchMemory memory = new CrossBatchMemory(new CrossBatchMemory.Config(6, 2));
      int[] labelsA = {0, 1, 2, 3};
      int[] labelsB = {4, 5, 6, 7};
      NDArray a = rows(m, 0); // rows 0..3: values 0x, 1x, ...
      NDArray b = rows(m, 10);
      assertFalse(memory.active(), "empty");
      memory.remember(new NDList(a), labelsA);
      assertFalse(memory.active(), "one step, warm-up 2");
      assertEquals(a, memory.reference(0, a), "inactive: the batch alone");
      assertArrayEquals(labelsA, memory.referenceLabels(labelsA));
      memory.remember(new NDList(b), labelsB);
      assertTrue(memory.active());
      assertEquals(6, memory.remembered());
      // 8 rows into 6 slots: A0 A1 A2 A3 B0 B1, then B2 B3 overwrite A0 A1.
      NDArray batch = rows(m, 100);
      int[] batchLabels = {9, 9, 8, 8};
      NDArray ref = memory.reference(0, batch);
      assertEquals(new Shape(10, 2), ref.getShape());
      float[] expected = new float[20];
      System.arraycopy(batch.toFloatArray(), 0, expected, 0, 8);
      int[] slotValues = {12, 13, 2, 3, 10, 11};
      for (int s = 0; s < 6; s++) {
        expected[8 + 2 * s] = slotValues[s];
        expected[9 + 2 * s] = -slotValues[s];
      }
      assertArrayEquals(expected, ref.toFloatArray(), 0f);
      assertArrayEquals(new int[] {9, 9, 8, 8, 6, 7, 2, 3, 4, 5}, memory.referenceLabels(batchLabels));
    }
  }

  @Test
  void withMemoryEachMsLevelMinesAndPaysItsLossAgainstTheBatchAndTheRememberedRows() {
    int n = 40;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i / 4;
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDList first = unitLevels(m, n, labels, 3);
      NDList second = unitLevels(m, n, labels, 4);
      TrainConfig plain = ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC),
          "levelLoss=ms,mining=independent");
      TrainConfig withMemory = ConfigOverrides.apply(plain, "xbm=100,xbmWarmup=1");
      assertEquals(100, withMemory.memory().size());
      assertEquals(100, withMemory.toMap().get("memory"));
      HdcObjective objective = new HdcObjective(withMemory);
      Objective.Output step1 = objective.compute(first, labels);
      Objective.Output alone = new HdcObjective(plain).compute(first, labels);
      assertEquals(alone.loss().getFloat(), step1.loss().getFloat(), 0f, "the first step reads no memory");

      Objective.Output step2 = objective.compute(second, labels);
      int[] refLabels = new int[2 * n];
      System.arraycopy(labels, 0, refLabels, 0, n);
      System.arraycopy(labels, 0, refLabels, n, n);
      float total = 0;
      for (int k = 0; k < 3; k++) {
        NDArray e = second.get(k);
        NDArray ref = NDArrays.concat(new NDList(e, first.get(k)), 0);
        PairIndices mined = new MultiSimilarityMiner(0.1).mine(e.matMul(ref.transpose()).toFloatArray(), n, labels,
            refLabels);
        assertTrue(mined.negA().length > 0 && maxIndex(mined) >= n, "level " + k + " mines remembered rows");
        float expected = MultiSimilarityLoss.defaults().compute(e, ref, mined).loss().getFloat();
        assertEquals(expected, step2.levels().get(k).loss(), 1e-6f, "level " + k);
        assertEquals(n * (2 * n - 1), step2.levels().get(k).pairsSeen(), "level " + k + " looks at batch and memory");
        total += expected;
      }
      assertEquals(total, step2.loss().getFloat(), 1e-5f);
      assertNotEquals(new HdcObjective(plain).compute(second, labels).loss().getFloat(), step2.loss().getFloat());
    }
  }

  @Test
  void theMsBaselineReadsTheMemoryOfItsOneLevel() {
    int n = 40;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i / 4;
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDList first = unitLevels(m, n, labels, 5);
      NDList second = unitLevels(m, n, labels, 6);
      Objective ms = Objective.of(ConfigOverrides.apply(TrainConfig.defaults(Method.MS, SPEC), "xbm=40"));
      ms.compute(first, labels);
      Objective.Output out = ms.compute(second, labels);
      NDArray e = second.get(2);
      NDArray ref = NDArrays.concat(new NDList(e, first.get(2)), 0);
      int[] refLabels = new int[2 * n];
      System.arraycopy(labels, 0, refLabels, 0, n);
      System.arraycopy(labels, 0, refLabels, n, n);
      PairIndices mined = new MultiSimilarityMiner(0.1).mine(e.matMul(ref.transpose()).toFloatArray(), n, labels,
          refLabels);
      assertEquals(MultiSimilarityLoss.defaults().compute(e, ref, mined).loss().getFloat(), out.loss().getFloat(),
          1e-6f);
    }
  }

  @Test
  void aMemoryNeedsAMultiSimilarityLoss() {
    var contrastiveHdc = ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC), "levelLoss=contrastive");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConfigOverrides.apply(contrastiveHdc, "xbm=100"));
    assertTrue(e.getMessage().contains("multi-similarity"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ConfigOverrides.apply(TrainConfig.defaults(Method.CONTRASTIVE, SPEC), "xbm=100"));
    assertThrows(IllegalArgumentException.class, () -> new CrossBatchMemory.Config(-1, 0));
  }

  @Test
  void trainingWithAMemoryIsReproducibleFromItsSeed() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 10, 4, 3);
    TrainConfig config = ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC).toBuilder().seed(9)
        .iterations(6).batch(5, 4).build(), "xbm=40,xbmWarmup=2");
    float[] a;
    try (TrainResult r = CascadeTrainer.train(config, data, TrainingListener.NONE)) {
      a = losses(r);
    }
    try (TrainResult r = CascadeTrainer.train(config, data, TrainingListener.NONE)) {
      assertArrayEquals(a, losses(r), 0f);
    }
    try (TrainResult r = CascadeTrainer.train(config.toBuilder().memory(CrossBatchMemory.Config.NONE).build(), data,
        TrainingListener.NONE)) {
      float[] plain = losses(r);
      assertArrayEquals(java.util.Arrays.copyOf(a, 2), java.util.Arrays.copyOf(plain, 2), 0f,
          "the same until the warm-up ends");
      assertNotEquals(a[5], plain[5], "the memory changes training after its warm-up");
    }
  }

  private static float[] losses(TrainResult r) {
    float[] out = new float[r.history().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = r.history().get(i).loss();
    }
    return out;
  }

  private static int maxIndex(PairIndices p) {
    int max = 0;
    for (int j : p.negB()) {
      max = Math.max(max, j);
    }
    return max;
  }

  /** Four rows of two values, {@code from + i} and {@code -(from + i)}. */
  private static NDArray rows(NDManager m, int from) {
    float[] v = new float[8];
    for (int i = 0; i < 4; i++) {
      v[2 * i] = from + i;
      v[2 * i + 1] = -(from + i);
    }
    return m.create(v, new Shape(4, 2));
  }

  /** Three levels of unit embeddings with some class structure. */
  private static NDList unitLevels(NDManager m, int n, int[] labels, long seed) {
    NDList levels = new NDList();
    Random r = new Random(seed);
    for (int k = 0; k < 3; k++) {
      float[] e = new float[n * 8];
      for (int i = 0; i < e.length; i++) {
        e[i] = (float) r.nextGaussian() + (i % 8 == labels[i / 8] % 8 ? 1.5f : 0f);
      }
      NDArray a = m.create(e, new Shape(n, 8));
      levels.add(a.div(a.square().sum(new int[] {1}, true).sqrt()));
    }
    return levels;
  }
}
