package com.hdcsearch.mining;

/** Chooses pairs among candidates, given the batch's N x N distance matrix (row-major, host copy). */
public interface PairMiner {

  /** A subset of {@code candidates}; never a pair outside it. */
  PairIndices mine(float[] distances, int n, PairIndices candidates);
}
