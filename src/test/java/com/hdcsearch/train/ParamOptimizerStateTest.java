package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeConfig;
import com.hdcsearch.model.CascadeNetwork;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved moments and step count load back exactly, so that the next update equals an uninterrupted run's. */
class ParamOptimizerStateTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(8);
  private static final float LR = 1e-2f;

  @Test
  void adamResumesBitForBit(@TempDir Path dir) throws Exception {
    for (OptimizerKind kind : OptimizerKind.values()) {
      Path file = dir.resolve(kind + ".state");
      float[] straight;
      float[] resumed;
      try (CascadeNetwork a = network(); CascadeNetwork b = network()) {
        ParamOptimizer oa = optimizer(kind, a);
        ParamOptimizer ob = optimizer(kind, b);
        for (int step = 0; step < 3; step++) {
          update(a, oa, step);
          update(b, ob, step);
        }
        ob.save(file);
        try (CascadeNetwork c = network()) {
          copyWeights(b, c);
          ParamOptimizer oc = optimizer(kind, c);
          oc.load(file);
          assertEquals(3, oc.steps());
          update(a, oa, 3);
          update(c, oc, 3);
          straight = weights(a);
          resumed = weights(c);
        }
      }
      assertArrayEquals(straight, resumed, 0f, kind + ": resumed update differs");
    }
  }

  @Test
  void rejectsAStateOfOtherShapesOrKind(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("adam.state");
    try (CascadeNetwork net = network();
        CascadeNetwork other = CascadeNetwork.create(CascadeConfig.builtin(ImageSpec.rgb(8))
            .withTrunk(CascadeConfig.BUILTIN_TRUNK, new int[] {16, 16, 16}, new float[] {1, 2, 3})
            .withDevice("cpu"), 1)) {
      optimizer(OptimizerKind.ADAM, net).save(file);
      var shapes = assertThrows(IllegalArgumentException.class, () -> optimizer(OptimizerKind.ADAM, other).load(file));
      assertTrue(shapes.getMessage().contains("saved shape"), shapes.getMessage());
      var kind = assertThrows(IllegalArgumentException.class, () -> optimizer(OptimizerKind.SGD, net).load(file));
      assertTrue(kind.getMessage().contains("ADAM"), kind.getMessage());
      var count = assertThrows(IllegalArgumentException.class, () -> new ParamOptimizer(OptimizerKind.ADAM, 0, 0)
          .addGroup(net.trunkParameters(), 1f).load(file));
      assertTrue(count.getMessage().contains("parameters"), count.getMessage());
    }
  }

  private static CascadeNetwork network() throws Exception {
    return CascadeNetwork.create(CascadeConfig.builtin(SPEC).withDevice("cpu"), 5);
  }

  private static ParamOptimizer optimizer(OptimizerKind kind, CascadeNetwork net) {
    return new ParamOptimizer(kind, 0.9f, 1e-4f).addGroup(net.trunkParameters(), 1f)
        .addGroup(net.headParameters(), 10f);
  }

  /** A deterministic gradient that differs per step (so that the moments matter), then one update. */
  private static void update(CascadeNetwork net, ParamOptimizer optimizer, int step) {
    try (NDManager m = net.manager().newSubManager()) {
      for (Parameter p : params(net)) {
        NDArray w = p.getArray();
        if (p.requiresGradient() && w.hasGradient()) {
          NDArray g = w.getGradient();
          g.attach(m);
          g.addi(w.mul(0.5f).add(0.01f * (step + 1)));
        }
      }
      optimizer.step(LR, m);
    }
  }

  private static void copyWeights(CascadeNetwork from, CascadeNetwork to) {
    List<Parameter> src = params(from);
    List<Parameter> dst = params(to);
    for (int i = 0; i < src.size(); i++) {
      dst.get(i).getArray().set(java.nio.FloatBuffer.wrap(src.get(i).getArray().toFloatArray()));
    }
  }

  private static float[] weights(CascadeNetwork net) {
    return params(net).stream().map(p -> p.getArray().toFloatArray()).reduce(new float[0], (x, y) -> {
      float[] r = java.util.Arrays.copyOf(x, x.length + y.length);
      System.arraycopy(y, 0, r, x.length, y.length);
      return r;
    });
  }

  private static List<Parameter> params(CascadeNetwork net) {
    List<Parameter> all = new java.util.ArrayList<>(net.trunkParameters());
    all.addAll(net.headParameters());
    return all;
  }
}
