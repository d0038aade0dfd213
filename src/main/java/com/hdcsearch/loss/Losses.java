package com.hdcsearch.loss;

import ai.djl.ndarray.NDArray;

/** Small helpers shared by the losses. */
final class Losses {
  private Losses() {}

  /** A zero that stays in the graph, for batches with nothing to learn from (backward still works). */
  static NDArray zeroLike(NDArray embeddings) {
    return embeddings.sum().mul(0f);
  }

  /** Non-zero entries of a per-term loss vector, counted on the host (a detached copy, no graph). */
  static int countNonZero(NDArray perTerm) {
    int count = 0;
    for (float v : perTerm.stopGradient().toFloatArray()) {
      if (v > 0) {
        count++;
      }
    }
    return count;
  }
}
