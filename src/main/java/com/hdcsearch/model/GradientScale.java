package com.hdcsearch.model;

import ai.djl.ndarray.NDArray;

/**
 * The scale-gradient op: forward identity, backward times {@code s}, as {@code stopGradient(x) + (x - stopGradient(x)) * s}
 * (the same as {@code x * s + stopGradient(x) * (1 - s)}, but the forward value is x bit for bit: x - x is exactly 0).
 * With {@code s = 1} the array is returned as it is (no op in the graph, bit-identical to not scaling).
 */
public final class GradientScale {
  private GradientScale() {}

  public static NDArray apply(NDArray x, float s) {
    if (!(s >= 0 && s <= 1)) {
      throw new IllegalArgumentException("gradient scale must be in [0, 1], got: " + s);
    }
    if (s == 1f) {
      return x;
    }
    if (s == 0f) {
      return x.stopGradient();
    }
    NDArray frozen = x.stopGradient();
    return frozen.add(x.sub(frozen).mul(s));
  }
}
