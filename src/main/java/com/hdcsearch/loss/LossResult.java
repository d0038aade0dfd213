package com.hdcsearch.loss;

import ai.djl.ndarray.NDArray;

/**
 * A reduced loss and what went into it.
 *
 * @param loss scalar, differentiable
 * @param terms pairs or triplets (or anchors) that entered the loss
 * @param nonZero of those, how many had a non-zero loss
 */
public record LossResult(NDArray loss, int terms, int nonZero) {
  /** Share of terms with non-zero loss (0 when there were none). */
  public double nonZeroShare() {
    return terms == 0 ? 0 : (double) nonZero / terms;
  }
}
