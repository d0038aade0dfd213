package com.hdcsearch.mining;

import ai.djl.ndarray.NDArray;

/** A distance or similarity between embedding rows, both as a full matrix (for mining) and per pair (for losses). */
public interface Distance {

  /** N x N matrix of the rows of an N x D array. */
  NDArray matrix(NDArray embeddings);

  /** Value for each pair {@code (a[i], b[i])}; differentiable. */
  NDArray pairs(NDArray embeddings, int[] a, int[] b);

  /** True when larger means closer (a similarity). */
  boolean isSimilarity();
}
