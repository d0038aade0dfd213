package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.loss.ContrastiveLoss;
import com.hdcsearch.loss.MultiSimilarityLoss;
import com.hdcsearch.mining.CascadeMiner;
import com.hdcsearch.mining.CosineSimilarity;
import com.hdcsearch.mining.HardPairMiner;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.mining.MultiSimilarityMiner;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.model.CascadeConfig;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.model.GradientScale;
import com.hdcsearch.train.bench.ConfigOverrides;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The issue 9 section 2 options of the HDC objective: keep all positives, shallow gradient scale, MS per level. */
class HdcExperimentsTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(16);

  // (a) keep all positives, mine negatives only

  @Test
  void keepAllPositivesKeepsEveryPositiveAndCutsNegativesByTheRatio() {
    int n = 100;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i / 4; // 25 x 4, the bench's batch: 150 positives, 4,800 negatives
    }
    PairIndices all = PairIndices.allPairs(labels);
    float[] d = randomDistances(n, 3);
    List<float[]> levels = List.of(d, randomDistances(n, 4), randomDistances(n, 5));
    for (MiningVariant v : MiningVariant.values()) {
      List<CascadeMiner.Mined> plain = new CascadeMiner(CascadeMiner.DEFAULT_KEEP_RATIOS, v).mine(levels, n, all);
      List<CascadeMiner.Mined> allPos = new CascadeMiner(CascadeMiner.DEFAULT_KEEP_RATIOS, v, true)
          .mine(levels, n, all);
      for (int k = 0; k < 3; k++) {
        PairIndices kept = allPos.get(k).kept();
        assertEquals(150, kept.positives(), v + " level " + (k + 1) + " keeps every positive");
        assertArrayEquals(all.posA(), kept.posA(), v + " level " + (k + 1) + ": the positives, in batch order");
        assertArrayEquals(all.posB(), kept.posB());
        // The negatives are exactly what the default miner keeps: the ratio cuts them as before.
        assertEquals(plain.get(k).kept().negatives(), kept.negatives(), v + " level " + (k + 1));
        assertArrayEquals(plain.get(k).kept().negA(), kept.negA());
        assertArrayEquals(plain.get(k).kept().negB(), kept.negB());
      }
      int level3Negatives = v == MiningVariant.CASCADE
          ? HardPairMiner.keptCount(0.2, HardPairMiner.keptCount(0.5, 4800)) : HardPairMiner.keptCount(0.2, 4800);
      assertEquals(level3Negatives, allPos.get(2).kept().negatives(), v + ": level 3 negatives");
      // The default keeps a share of the positives too: the option changes something.
      assertTrue(plain.get(2).kept().positives() < 150, v + ": the default cuts positives");
    }
  }

  @Test
  void keepPositivesIsHdcsDefaultAndTheOverrideRestoresTheRatio() {
    TrainConfig hdc = TrainConfig.defaults(Method.HDC, SPEC);
    assertTrue(hdc.keepAllPositives(), "HDC's default since issue 9: all positives kept");
    assertEquals("all", hdc.toMap().get("keepPositives"));
    TrainConfig ratio = ConfigOverrides.apply(hdc, "keepPositives=ratio");
    assertTrue(!ratio.keepAllPositives());
    assertEquals("ratio", ratio.toMap().get("keepPositives"));
    assertTrue(ConfigOverrides.apply(ratio, "keepPositives=all").keepAllPositives());
    assertTrue(!TrainConfig.defaults(Method.CONTRASTIVE, SPEC).toMap().containsKey("keepPositives"),
        "baselines mine nothing: no such key");
  }

  // (b) shallow levels' gradient into the trunk scaled

  @Test
  void gradientScaleIsIdentityForwardAndScalesTheGradient() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = m.create(new float[] {1f, -2f, 3f, 0.5f}, new Shape(2, 2));
      NDArray w = m.create(new float[] {0.3f, -1f, 2f, 4f}, new Shape(2, 2));
      x.setRequiresGradient(true);
      NDArray y;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        y = GradientScale.apply(x, 0.1f);
        gc.backward(y.mul(w).sum());
      }
      assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f, "forward is the identity, bit for bit");
      float[] g = x.getGradient().toFloatArray();
      float[] expected = {0.03f, -0.1f, 0.2f, 0.4f};
      assertArrayEquals(expected, g, 1e-6f, "backward is 0.1 x the upstream gradient");
    }
  }

  @Test
  void shallowGradScaleScalesOnlyTheShallowLevelsPullOnTheTrunk() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 4, 3, 7);
    float s = 0.1f;
    try (CascadeNetwork net = CascadeNetwork.create(CascadeConfig.builtin(SPEC).withDevice("cpu"), 3)) {
      float[] scales = TrainingStep.gradScales(ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC),
          "shallowGrad=0.1"));
      assertArrayEquals(new float[] {s, s, 1f}, scales);
      // Level 1's loss alone: its head learns as before, the trunk gets s times the gradient.
      Grads plain = gradients(net, data, null, l -> l.get(0).mul(weights(l.get(0))).sum());
      Grads scaled = gradients(net, data, scales, l -> l.get(0).mul(weights(l.get(0))).sum());
      assertArrayEquals(plain.embeddings, scaled.embeddings, 0f, "forward unchanged, bit for bit");
      assertArrayEquals(plain.head0, scaled.head0, 1e-6f, "the shallow head's own gradient is not scaled");
      assertTrue(maxAbs(plain.trunk) > 1e-4, "the trunk gets gradient from level 1");
      float[] expected = plain.trunk.clone();
      for (int i = 0; i < expected.length; i++) {
        expected[i] *= s;
      }
      assertArrayEquals(expected, scaled.trunk, (float) (1e-4 * maxAbs(plain.trunk)), "trunk gradient x s");
      // The deepest level's pull on the trunk is not scaled.
      Grads deepPlain = gradients(net, data, null, l -> l.get(2).mul(weights(l.get(2))).sum());
      Grads deepScaled = gradients(net, data, scales, l -> l.get(2).mul(weights(l.get(2))).sum());
      assertArrayEquals(deepPlain.trunk, deepScaled.trunk, 1e-6f, "the deepest level is not scaled");
    }
    assertEquals(null, TrainingStep.gradScales(TrainConfig.defaults(Method.HDC, SPEC)), "default: nothing scaled");
  }

  // (c) multi-similarity loss and miner per level

  @Test
  void msPerLevelWithOnlyTheDeepestLevelWeightedIsTheMsBaseline() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 4, 3, 7);
    int[] labels = data.labels();
    try (CascadeNetwork net = CascadeNetwork.create(CascadeConfig.builtin(SPEC).withDevice("cpu"), 3);
        NDManager m = net.manager().newSubManager()) {
      NDList levels = net.forward(m.create(data.tensors(), new Shape(data.size(), 3, 16, 16)), false);
      TrainConfig hdcMs = ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC),
          "levelLoss=ms,mining=independent,lossWeights=0:0:1");
      float hdc = Objective.of(hdcMs).compute(levels, labels).loss().getFloat();
      TrainConfig ms = TrainConfig.defaults(Method.MS, SPEC);
      float baseline = Objective.of(ms).compute(levels, labels).loss().getFloat();
      assertEquals(baseline, hdc, 0f, "the deepest level's MS loss is the MS baseline's, exactly");
      // Each level pays the MS loss on its own MS-mined pairs.
      Objective.Output out = Objective.of(ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC),
          "levelLoss=ms,mining=independent")).compute(levels, labels);
      float sum = 0;
      for (int k = 0; k < 3; k++) {
        float[] sim = new CosineSimilarity().matrix(levels.get(k)).toFloatArray();
        PairIndices mined = new MultiSimilarityMiner(0.1).mine(sim, labels.length, labels);
        sum += MultiSimilarityLoss.defaults().compute(levels.get(k), mined).loss().getFloat();
      }
      assertEquals(sum, out.loss().getFloat(), 1e-5);
    }
  }

  @Test
  void msCascadeKeepsOnlyWhatThePreviousLevelKept() {
    int[] labels = TestEmbeddings.classesOfFour(40);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      // Three levels of random unit embeddings: each level's MS miner finds a different set of pairs.
      NDList levels = TestEmbeddings.unitLevels(m, labels, 9);
      TrainConfig c = ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC), "levelLoss=ms");
      HdcObjective cascade = new HdcObjective(c);
      HdcObjective independent = new HdcObjective(c.toBuilder().mining(MiningVariant.INDEPENDENT).build());
      List<CascadeMiner.Mined> mc = cascade.mine(levels, labels);
      List<CascadeMiner.Mined> mi = independent.mine(levels, labels);
      assertEquals(mi.get(0).kept(), mc.get(0).kept(), "level 1 mines the whole batch either way");
      for (int k = 1; k < 3; k++) {
        Set<Long> prev = pairs(mc.get(k - 1).kept());
        Set<Long> own = pairs(mi.get(k).kept());
        Set<Long> kept = pairs(mc.get(k).kept());
        Set<Long> expected = new HashSet<>(own);
        expected.retainAll(prev);
        assertEquals(expected, kept, "level " + (k + 1) + " keeps its own MS pairs that level " + k + " kept");
        assertEquals(mc.get(k - 1).kept().size(), mc.get(k).seen());
        assertTrue(kept.size() < own.size(), "level " + (k + 1) + ": the cascade drops pairs it would mine alone");
        assertTrue(!kept.isEmpty(), "level " + (k + 1) + " still has pairs");
      }
      // The loss of a level is the MS loss on exactly its kept pairs.
      Objective.Output out = cascade.compute(levels, labels);
      assertEquals(MultiSimilarityLoss.defaults().compute(levels.get(2), mc.get(2).kept()).loss().getFloat(),
          out.levels().get(2).loss(), 0f);
    }
  }

  private static Set<Long> pairs(PairIndices p) {
    Set<Long> s = new HashSet<>();
    int[] a = p.posA();
    int[] b = p.posB();
    for (int i = 0; i < a.length; i++) {
      s.add((long) a[i] << 32 | b[i]);
    }
    a = p.negA();
    b = p.negB();
    for (int i = 0; i < a.length; i++) {
      s.add(-1 - ((long) a[i] << 32 | b[i]));
    }
    return s;
  }

  private static float[] randomDistances(int n, long seed) {
    Random r = new Random(seed);
    float[] d = new float[n * n];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (r.nextDouble() * 4);
    }
    return d;
  }

  /** Fixed pseudo-random weights shaped like {@code e}, so that the loss is not symmetric in the embedding. */
  private static NDArray weights(NDArray e) {
    long count = e.getShape().size();
    float[] w = new float[(int) count];
    Random r = new Random(11);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    return e.getManager().create(w, e.getShape());
  }

  private record Grads(float[] embeddings, float[] head0, float[] trunk) {}

  private static Grads gradients(CascadeNetwork net, ImageCache data, float[] scales,
      Function<NDList, NDArray> loss) {
    try (NDManager m = net.manager().newSubManager()) {
      NDArray x = m.create(data.tensors(), new Shape(data.size(), 3, SPEC.size(), SPEC.size()));
      NDList levels;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        levels = net.forward(x, true, scales);
        gc.backward(loss.apply(levels));
      }
      List<float[]> all = new ArrayList<>();
      for (NDArray l : levels) {
        all.add(l.toFloatArray());
      }
      Grads g = new Grads(concat(all), read(net.headParameters(0), m), read(net.trunkParameters(), m));
      for (Parameter p : net.trunkParameters()) {
        zero(p, m);
      }
      for (Parameter p : net.headParameters()) {
        zero(p, m);
      }
      return g;
    }
  }

  private static float[] read(List<Parameter> params, NDManager m) {
    List<float[]> parts = new ArrayList<>();
    for (Parameter p : params) {
      if (p.requiresGradient() && p.getArray().hasGradient()) {
        NDArray g = p.getArray().getGradient();
        g.attach(m);
        parts.add(g.toFloatArray());
      }
    }
    return concat(parts);
  }

  private static float[] concat(List<float[]> parts) {
    int len = parts.stream().mapToInt(a -> a.length).sum();
    float[] out = new float[len];
    int o = 0;
    for (float[] a : parts) {
      System.arraycopy(a, 0, out, o, a.length);
      o += a.length;
    }
    return out;
  }

  private static void zero(Parameter p, NDManager m) {
    if (p.requiresGradient() && p.getArray().hasGradient()) {
      NDArray g = p.getArray().getGradient();
      g.attach(m);
      g.subi(g);
    }
  }

  private static double maxAbs(float[] a) {
    double max = 0;
    for (float v : a) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
