package com.hdcsearch.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Dot product of L2-normalised rows (cosine similarity, in [-1, 1]); used by the multi-similarity loss. */
public final class CosineSimilarity implements Distance {

  @Override
  public NDArray matrix(NDArray e) {
    return e.matMul(e.transpose());
  }

  @Override
  public NDArray pairs(NDArray e, int[] a, int[] b) {
    NDArray rowsA = e.get(new NDIndex("{}", e.getManager().create(SquaredEuclideanDistance.toLong(a))));
    NDArray rowsB = e.get(new NDIndex("{}", e.getManager().create(SquaredEuclideanDistance.toLong(b))));
    return rowsA.mul(rowsB).sum(new int[] {1});
  }

  @Override
  public boolean isSimilarity() {
    return true;
  }
}
