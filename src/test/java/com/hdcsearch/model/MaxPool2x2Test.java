package com.hdcsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The strided-maxima pool is libtorch's max_pool2d 2x2/2: the same values and shapes; training keeps the pool's gradient. */
class MaxPool2x2Test {
  @Test
  void sameValuesAsLibtorchPoolOnEvenAndOddMaps() {
    Engine.getInstance().setRandomSeed(5);
    try (NDManager m = NDManager.newBaseManager()) {
      for (long[] dims : new long[][] {{3, 4, 8, 8}, {2, 5, 7, 7}, {1, 2, 6, 9}, {2, 3, 2, 2}}) {
        NDArray x = m.randomNormal(new Shape(dims));
        NDArray expected = reference(x);
        NDArray actual = MaxPool2x2.apply(x);
        assertEquals(expected.getShape(), actual.getShape(), "shape for " + new Shape(dims));
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, "values for " + new Shape(dims));
      }
    }
  }

  @Test
  void nanPropagatesAsInThePool() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1, Float.NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
          new Shape(1, 1, 4, 4));
      float[] out = MaxPool2x2.apply(x).toFloatArray();
      assertEquals(Float.NaN, out[0]);
      assertArrayEquals(new float[] {8, 14, 16}, new float[] {out[1], out[2], out[3]}, 0f);
    }
  }

  @Test
  void whileAutogradRecordsTheBlockIsLibtorchsPoolAndItsGradient() {
    Engine.getInstance().setRandomSeed(9);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(2, 3, 7, 6));
      NDArray weights = m.randomNormal(new Shape(2, 3, 3, 3));
      ParameterStore store = new ParameterStore(m, false);
      Block block = MaxPool2x2.block();
      float[] expected = gradient(x, weights, MaxPool2x2Test::reference);
      String[] recorded = new String[1];
      float[] actual = gradient(x, weights, input -> {
        // An intermediate array, as a convolution's output is in training, not a leaf.
        NDArray pooled = block.forward(store, new NDList(input.mul(1f)), true).singletonOrThrow();
        recorded[0] = ai.djl.pytorch.jni.JniUtils.getGradientFunctionNames((ai.djl.pytorch.engine.PtNDArray) pooled);
        return pooled;
      });
      assertArrayEquals(expected, actual, 0f);
      assertEquals(2 * 3 * 3 * 3, (int) countNonZero(actual), "one input per window gets the gradient");
      assertTrue(recorded[0].contains("MaxPool2DWithIndices"), "libtorch's pool in training, got " + recorded[0]);
      // Without autograd the block computes the maxima: the pool's values, no graph.
      TorchGradMode.offOnThisThread();
      NDArray plain = block.forward(store, new NDList(x), false).singletonOrThrow();
      assertArrayEquals(reference(x).toFloatArray(), plain.toFloatArray(), 0f);
    }
  }

  @Test
  void refusesWhatIsNotAMapBatch() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThrows(IllegalArgumentException.class, () -> MaxPool2x2.apply(m.zeros(new Shape(4, 4))));
      assertThrows(IllegalArgumentException.class, () -> MaxPool2x2.apply(m.zeros(new Shape(1, 1, 1, 4))));
    }
  }

  private static NDArray reference(NDArray x) {
    return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  /** d(sum(pool(x) * weights)) / dx. */
  private static float[] gradient(NDArray x, NDArray weights, java.util.function.UnaryOperator<NDArray> pool) {
    try (NDManager scope = x.getManager().newSubManager()) {
      NDArray input = x.duplicate();
      input.attach(scope);
      input.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(pool.apply(input).mul(weights).sum());
      }
      return input.getGradient().toFloatArray();
    }
  }

  private static long countNonZero(float[] values) {
    long n = 0;
    for (float v : values) {
      if (v != 0f) {
        n++;
      }
    }
    return n;
  }
}
