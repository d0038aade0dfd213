package com.hdcsearch.eval;

/** Dot products of a block of query rows against every row of a fixed set of targets; holds native memory. */
interface BlockDots extends AutoCloseable {

  /**
   * Returns the {@code (to - from) x targets} row-major matrix of dot products of {@code queries[from..to)} with
   * every target row, in target order.
   */
  float[] dots(float[][] queries, int from, int to);

  /** Number of target rows (columns of every block). */
  int targets();

  @Override
  void close();
}
