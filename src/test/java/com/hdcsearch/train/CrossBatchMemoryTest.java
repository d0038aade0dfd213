package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.loss.MultiSimilarityLoss;
import com.hdcsearch.mining.MultiSimilarityMiner;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.train.bench.ConfigOverrides;
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
      assertEquals(0, memory.remembered(), "inactive: nothing read");
      memory.remember(new NDList(b), labelsB);
      assertTrue(memory.active());
      assertEquals(6, memory.remembered());
      // 8 rows into 6 slots: A0 A1 A2 A3 B0 B1, then B2 B3 overwrite A0 A1.
      NDArray remembered = memory.rows(0, m);
      assertEquals(new Shape(6, 2), remembered.getShape());
      float[] expected = new float[12];
      int[] slotValues = {12, 13, 2, 3, 10, 11};
      for (int s = 0; s < 6; s++) {
        expected[2 * s] = slotValues[s];
        expected[2 * s + 1] = -slotValues[s];
      }
      assertArrayEquals(expected, remembered.toFloatArray(), 0f);
      assertArrayEquals(new int[] {6, 7, 2, 3, 4, 5}, memory.labels());
    }
  }

  @Test
  void withMemoryEachMsLevelAddsTheLossOfItsAnchorsAgainstTheRememberedRows() {
    int n = 40;
    int[] labels = TestEmbeddings.classesOfFour(n);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDList first = TestEmbeddings.unitLevels(m, labels, 3);
      NDList second = TestEmbeddings.unitLevels(m, labels, 4);
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
      MultiSimilarityMiner miner = new MultiSimilarityMiner(0.1);
      MultiSimilarityLoss loss = MultiSimilarityLoss.defaults();
      float total = 0;
      for (int k = 0; k < 3; k++) {
        NDArray e = second.get(k);
        PairIndices inBatch = miner.mine(e.matMul(e.transpose()).toFloatArray(), n, labels);
        NDArray remembered = first.get(k);
        PairIndices againstMemory = miner.mineAgainst(e.matMul(remembered.transpose()).toFloatArray(), n, labels,
            labels);
        assertTrue(againstMemory.positives() > 0 && againstMemory.negatives() > 0, "level " + k + " mines the memory");
        float expected = loss.compute(e, inBatch).loss().getFloat()
            + loss.compute(e, remembered, againstMemory).loss().getFloat();
        assertEquals(expected, step2.levels().get(k).loss(), 1e-6f, "level " + k);
        assertEquals(n * (n - 1) + n * n, step2.levels().get(k).pairsSeen(), "level " + k + ": batch and memory");
        assertEquals(inBatch.size() + againstMemory.size(), step2.levels().get(k).pairsKept());
        total += expected;
      }
      assertEquals(total, step2.loss().getFloat(), 1e-5f);
    }
  }

  @Test
  void theMemoryTermIsCascadedLikeTheBatchTerm() {
    int n = 40;
    int[] labels = TestEmbeddings.classesOfFour(n);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDList first = TestEmbeddings.unitLevels(m, labels, 7);
      NDList second = TestEmbeddings.unitLevels(m, labels, 8);
      TrainConfig cascade = ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC), "xbm=100,xbmWarmup=1");
      HdcObjective objective = new HdcObjective(cascade);
      objective.compute(first, labels);
      Objective.Output out = objective.compute(second, labels);
      // Level 2 (index 1): its own memory pairs that level 1 kept, plus its batch pairs that level 1 kept.
      MultiSimilarityMiner miner = new MultiSimilarityMiner(0.1);
      PairIndices mem0 = miner.mineAgainst(second.get(0).matMul(first.get(0).transpose()).toFloatArray(), n, labels,
          labels);
      PairIndices mem1 = miner.mineAgainst(second.get(1).matMul(first.get(1).transpose()).toFloatArray(), n, labels,
          labels);
      PairIndices keptMemory = HdcObjective.intersect(mem1, mem0, n, n);
      assertTrue(keptMemory.size() < mem1.size(), "the cascade drops memory pairs level 1 did not keep");
      PairIndices batch0 = miner.mine(second.get(0).matMul(second.get(0).transpose()).toFloatArray(), n, labels);
      PairIndices batch1 = miner.mine(second.get(1).matMul(second.get(1).transpose()).toFloatArray(), n, labels);
      PairIndices keptBatch = HdcObjective.intersect(batch1, batch0, n, n);
      MultiSimilarityLoss loss = MultiSimilarityLoss.defaults();
      assertEquals(loss.compute(second.get(1), keptBatch).loss().getFloat()
          + loss.compute(second.get(1), first.get(1), keptMemory).loss().getFloat(), out.levels().get(1).loss(), 1e-6f);
      assertEquals(batch0.size() + mem0.size(), out.levels().get(1).pairsSeen());
    }
  }

  @Test
  void theMsBaselineReadsTheMemoryOfItsOneLevel() {
    int n = 40;
    int[] labels = TestEmbeddings.classesOfFour(n);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDList first = TestEmbeddings.unitLevels(m, labels, 5);
      NDList second = TestEmbeddings.unitLevels(m, labels, 6);
      Objective ms = Objective.of(ConfigOverrides.apply(TrainConfig.defaults(Method.MS, SPEC), "xbm=40"));
      ms.compute(first, labels);
      Objective.Output out = ms.compute(second, labels);
      NDArray e = second.get(2);
      MultiSimilarityMiner miner = new MultiSimilarityMiner(0.1);
      PairIndices inBatch = miner.mine(e.matMul(e.transpose()).toFloatArray(), n, labels);
      PairIndices againstMemory = miner.mineAgainst(e.matMul(first.get(2).transpose()).toFloatArray(), n, labels,
          labels);
      MultiSimilarityLoss loss = MultiSimilarityLoss.defaults();
      assertEquals(loss.compute(e, inBatch).loss().getFloat()
          + loss.compute(e, first.get(2), againstMemory).loss().getFloat(), out.loss().getFloat(), 1e-6f);
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

  /** Four rows of two values, {@code from + i} and {@code -(from + i)}. */
  private static NDArray rows(NDManager m, int from) {
    float[] v = new float[8];
    for (int i = 0; i < 4; i++) {
      v[2 * i] = from + i;
      v[2 * i + 1] = -(from + i);
    }
    return m.create(v, new Shape(4, 2));
  }
}
