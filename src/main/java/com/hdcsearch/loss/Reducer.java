package com.hdcsearch.loss;

import ai.djl.ndarray.NDArray;

/** Turns a summed loss into the scalar that is optimised (PML's reducers). */
public interface Reducer {

  /** {@code sum} over {@code terms} terms, {@code nonZero} of which had a non-zero loss. */
  NDArray reduce(NDArray sum, int terms, int nonZero);

  /** The released HDC code's normalisation: divide by the number of non-zero terms (PML's AvgNonZeroReducer). */
  static Reducer nonZeroMean() {
    return (sum, terms, nonZero) -> sum.div(Math.max(1, nonZero));
  }

  /** Divide by all terms. */
  static Reducer mean() {
    return (sum, terms, nonZero) -> sum.div(Math.max(1, terms));
  }
}
