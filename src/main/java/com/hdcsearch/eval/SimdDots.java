package com.hdcsearch.eval;

import org.apache.lucene.util.VectorUtil;

/** Block dot products with Lucene's SIMD {@code VectorUtil.dotProduct}, tiled so that a tile of targets stays in cache. */
final class SimdDots implements BlockDots {

  /** Target rows per tile: 128 rows of 384 floats is 192 KiB, about one core's L2 share. */
  static final int TARGET_TILE_ROWS = 128;

  private final float[][] targetRows;

  SimdDots(float[][] targetRows) {
    this.targetRows = targetRows;
  }

  @Override
  public float[] dots(float[][] queries, int from, int to) {
    int n = targetRows.length;
    float[] out = new float[(to - from) * n];
    for (int t0 = 0; t0 < n; t0 += TARGET_TILE_ROWS) {
      int t1 = Math.min(n, t0 + TARGET_TILE_ROWS);
      for (int q = from; q < to; q++) {
        float[] query = queries[q];
        int base = (q - from) * n;
        for (int t = t0; t < t1; t++) {
          out[base + t] = VectorUtil.dotProduct(query, targetRows[t]);
        }
      }
    }
    return out;
  }

  @Override
  public int targets() {
    return targetRows.length;
  }

  @Override
  public void close() {
    // Heap only: nothing to free.
  }
}
