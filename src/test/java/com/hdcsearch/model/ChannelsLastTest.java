package com.hdcsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** A channels-last weight holds the same values, convolves to the same output and takes in-place updates. */
class ChannelsLastTest {
  @Test
  void aConvertedWeightKeepsItsValuesAndConvolvesAlike() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(3);
      NDArray weight = m.randomNormal(new Shape(8, 4, 3, 3));
      NDArray input = m.randomNormal(new Shape(2, 4, 6, 6));
      float[] values = weight.toFloatArray();
      float[] nchw = conv(input, weight);

      assertTrue(ChannelsLast.convert(weight));

      assertEquals(new Shape(8, 4, 3, 3), weight.getShape());
      assertArrayEquals(values, weight.toFloatArray(), "read back in logical (NCHW) order");
      assertArrayEquals(nchw, conv(input, weight), 1e-5f);
      assertArrayEquals(values, NDArray.decode(m, weight.encode()).toFloatArray(), "saved and loaded");
    }
  }

  @Test
  void aConvertedTrainableWeightGetsTheSameGradientAndTakesInPlaceWrites() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(5);
      NDArray input = m.randomNormal(new Shape(2, 3, 5, 5));
      NDArray nchw = m.randomNormal(new Shape(4, 3, 3, 3));
      NDArray converted = nchw.duplicate();
      assertTrue(ChannelsLast.convert(converted));
      float[] expected = gradient(input, nchw);
      float[] got = gradient(input, converted);
      assertArrayEquals(expected, got, 1e-4f);

      // Loading a checkpoint writes into the parameter in place with autograd on: a view made under no_grad
      // would refuse it.
      boolean grad = JniUtils.isGradMode();
      JniUtils.setGradMode(true);
      try {
        NDArray loaded = m.randomNormal(new Shape(4, 3, 3, 3));
        NDArray target = nchw.duplicate();
        assertTrue(ChannelsLast.convert(target));
        target.set(loaded.toByteBuffer());
        assertArrayEquals(loaded.toFloatArray(), target.toFloatArray());
      } finally {
        JniUtils.setGradMode(grad);
      }
    }
  }

  private static float[] gradient(NDArray input, NDArray weight) {
    weight.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray out = Conv2d.conv2d(input, weight, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
          .singletonOrThrow();
      collector.backward(out.square().sum());
    }
    return weight.getGradient().toFloatArray();
  }

  @Test
  void aOneChannelOrNonConvolutionWeightIsLeftAsItIs() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertFalse(ChannelsLast.convert(m.ones(new Shape(8, 1, 3, 3))), "one input channel: both orders are one");
      assertFalse(ChannelsLast.convert(m.ones(new Shape(64, 32))), "a linear weight");
      assertFalse(ChannelsLast.convert(m.ones(new Shape(32))), "a BatchNorm parameter");
    }
  }

  private static float[] conv(NDArray input, NDArray weight) {
    return Conv2d.conv2d(input, weight, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
        .singletonOrThrow().toFloatArray();
  }
}
