package com.hdcsearch.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Squared Euclidean distance; on L2-normalised embeddings it lies in [0, 4] (the released HDC code's d2). */
public final class SquaredEuclideanDistance implements Distance {

  @Override
  public NDArray matrix(NDArray e) {
    NDArray sq = e.square().sum(new int[] {1}, true);
    // |a|^2 + |b|^2 - 2ab can dip below 0 by rounding; clip so that hinge losses see a true distance.
    return sq.add(sq.transpose()).sub(e.matMul(e.transpose()).mul(2)).maximum(0f);
  }

  @Override
  public NDArray pairs(NDArray e, int[] a, int[] b) {
    NDArray ia = e.getManager().create(toLong(a));
    NDArray ib = e.getManager().create(toLong(b));
    NDArray rowsA = e.get(new NDIndex("{}", ia));
    NDArray rowsB = e.get(new NDIndex("{}", ib));
    return rowsA.sub(rowsB).square().sum(new int[] {1});
  }

  static long[] toLong(int[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  @Override
  public boolean isSimilarity() {
    return false;
  }
}
