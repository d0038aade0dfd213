package com.hdcsearch.train;

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
import com.hdcsearch.mining.CascadeMiner;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.model.CascadeConfig;
import com.hdcsearch.model.CascadeNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** A level learns only from the pairs it kept: its head's gradient equals that of its kept pairs' loss alone. */
class HdcGradientTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(16);
  private static final int LAST = 2;

  @Test
  void lastHeadGetsGradientOnlyFromItsKeptPairs() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 4, 3, 7);
    int[] labels = data.labels();
    for (MiningVariant variant : MiningVariant.values()) {
      try (CascadeNetwork net = CascadeNetwork.create(CascadeConfig.builtin(SPEC).withDevice("cpu"), 3)) {
        HdcObjective hdc = new HdcObjective(new CascadeMiner(CascadeMiner.DEFAULT_KEEP_RATIOS, variant),
            ContrastiveLoss.hdcDefaults());
        List<PairIndices> kept = new ArrayList<>();
        float[] full = headGradient(net, data, (levels, m) -> {
          hdc.mine(levels, labels).forEach(x -> kept.add(x.kept()));
          return hdc.compute(levels, labels).loss();
        });
        float[] keptOnly = headGradient(net, data,
            (levels, m) -> ContrastiveLoss.hdcDefaults().compute(levels.get(LAST), kept.get(LAST)).loss());
        float[] allPairs = headGradient(net, data, (levels, m) -> ContrastiveLoss.hdcDefaults()
            .compute(levels.get(LAST), PairIndices.allPairs(labels)).loss());
        assertTrue(kept.get(LAST).size() < PairIndices.allPairs(labels).size(), "level 3 must drop pairs");
        assertEquals(0, maxAbsDiff(full, keptOnly), 1e-5, variant + ": head 3 gradient differs from kept-pairs loss");
        assertTrue(maxAbsDiff(full, allPairs) > 1e-3, variant + ": unkept pairs would have changed the gradient");
        assertTrue(maxAbs(full) > 1e-4, "the head must get some gradient");
      }
    }
  }

  @Test
  void levelLossWeightsScaleEachLevelsLoss() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 4, 3, 7);
    int[] labels = data.labels();
    try (CascadeNetwork net = CascadeNetwork.create(CascadeConfig.builtin(SPEC).withDevice("cpu"), 3);
        NDManager m = net.manager().newSubManager()) {
      NDArray x = m.create(data.tensors(), new Shape(data.size(), 3, SPEC.size(), SPEC.size()));
      NDList levels = net.forward(x, false);
      CascadeMiner miner = new CascadeMiner(CascadeMiner.DEFAULT_KEEP_RATIOS, MiningVariant.CASCADE);
      Objective.Output plain = new HdcObjective(miner, ContrastiveLoss.hdcDefaults()).compute(levels, labels);
      Objective.Output weighted = new HdcObjective(miner, ContrastiveLoss.hdcDefaults(), new double[] {2, 0.5, 1})
          .compute(levels, labels);
      float l1 = plain.levels().get(0).loss();
      float l2 = plain.levels().get(1).loss();
      float l3 = plain.levels().get(2).loss();
      assertEquals(l1 + l2 + l3, plain.loss().getFloat(), 1e-4);
      assertEquals(2 * l1 + 0.5f * l2 + l3, weighted.loss().getFloat(), 1e-4);
    }
  }

  /** Gradient of the last head's parameters (flattened) for one loss on the batch; leaves gradients zeroed. */
  private static float[] headGradient(CascadeNetwork net, ImageCache data,
      BiFunction<NDList, NDManager, NDArray> loss) {
    List<Parameter> head = net.headParameters(LAST);
    List<Float> out = new ArrayList<>();
    try (NDManager m = net.manager().newSubManager()) {
      NDArray x = m.create(data.tensors(), new Shape(data.size(), 3, SPEC.size(), SPEC.size()));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        // Training mode: BatchNorm uses batch statistics, so the three forward passes are identical.
        gc.backward(loss.apply(net.forward(x, true), m));
      }
      for (Parameter p : head) {
        NDArray g = p.getArray().getGradient();
        g.attach(m);
        for (float v : g.toFloatArray()) {
          out.add(v);
        }
      }
      for (Parameter p : net.trunkParameters()) {
        zero(p, m);
      }
      for (Parameter p : net.headParameters()) {
        zero(p, m);
      }
    }
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void zero(Parameter p, NDManager m) {
    if (p.requiresGradient() && p.getArray().hasGradient()) {
      NDArray g = p.getArray().getGradient();
      g.attach(m);
      g.subi(g);
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static double maxAbs(float[] a) {
    return maxAbsDiff(a, new float[a.length]);
  }
}
