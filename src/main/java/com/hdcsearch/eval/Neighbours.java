package com.hdcsearch.eval;

import java.util.Arrays;

/**
 * The ranked gallery neighbours of every query: {@link #depth()} gallery indices per query, nearest first (largest dot
 * product, ties to the lower gallery index), with their dot products. Immutable.
 */
public final class Neighbours {

  private final int queries;
  private final int depth;
  private final int[] indices;
  private final float[] similarities;

  /** Wraps row-major {@code queries x depth} arrays; the arrays are owned by this object from now on. */
  Neighbours(int queries, int depth, int[] indices, float[] similarities) {
    if (indices.length != queries * depth || similarities.length != queries * depth) {
      throw new IllegalArgumentException("expected " + queries * depth + " entries, got: " + indices.length);
    }
    this.queries = queries;
    this.depth = depth;
    this.indices = indices;
    this.similarities = similarities;
  }

  /** Number of queries. */
  public int queryCount() {
    return queries;
  }

  /** Number of neighbours kept per query. */
  public int depth() {
    return depth;
  }

  /** Gallery index of the neighbour of {@code query} at {@code rank} (0 = nearest). */
  public int index(int query, int rank) {
    return indices[offset(query, rank)];
  }

  /** Dot product of {@code query} with its neighbour at {@code rank}. */
  public float similarity(int query, int rank) {
    return similarities[offset(query, rank)];
  }

  /** Euclidean distance of {@code query} to its neighbour at {@code rank}, assuming unit vectors. */
  public double distance(int query, int rank) {
    return Math.sqrt(Math.max(0.0, 2.0 - 2.0 * similarity(query, rank)));
  }

  /** A copy of the gallery indices of {@code query}, nearest first. */
  public int[] indices(int query) {
    int from = offset(query, 0);
    return Arrays.copyOfRange(indices, from, from + depth);
  }

  private int offset(int query, int rank) {
    if (query < 0 || query >= queries) {
      throw new IndexOutOfBoundsException("query must be in [0, " + queries + "), got: " + query);
    }
    if (rank < 0 || rank >= depth) {
      throw new IndexOutOfBoundsException("rank must be in [0, " + depth + "), got: " + rank);
    }
    return query * depth + rank;
  }

  @Override
  public String toString() {
    return "Neighbours[queries=" + queries + ", depth=" + depth + "]";
  }
}
