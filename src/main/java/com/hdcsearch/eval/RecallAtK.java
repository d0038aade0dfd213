package com.hdcsearch.eval;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Recall@K: the share of queries with at least one same-label gallery item among their K nearest neighbours. */
public final class RecallAtK {

  private RecallAtK() {}

  /**
   * Recall@K for every K in {@code ks}, over all queries (a query with no same-label item counts as a miss). A K beyond
   * the neighbour depth looks at every neighbour kept.
   */
  public static SortedMap<Integer, Double> compute(
      Neighbours neighbours, int[] queryLabels, int[] galleryLabels, List<Integer> ks) {
    checkKs(ks);
    Vectors.checkLabels(queryLabels, neighbours.queryCount(), "queryLabels");
    int[] firstHit = firstHitRanks(neighbours, queryLabels, galleryLabels);
    SortedMap<Integer, Double> recall = new TreeMap<>();
    for (int k : ks) {
      int hits = 0;
      for (int rank : firstHit) {
        if (rank < k) {
          hits++;
        }
      }
      recall.put(k, (double) hits / firstHit.length);
    }
    return Collections.unmodifiableSortedMap(recall);
  }

  /** Checks that {@code ks} is non-empty and every K is at least 1. */
  static void checkKs(List<Integer> ks) {
    if (ks == null || ks.isEmpty()) {
      throw new IllegalArgumentException("ks must hold at least one K, got: " + ks);
    }
    for (Integer k : ks) {
      if (k == null || k < 1) {
        throw new IllegalArgumentException("every K must be at least 1, got: " + ks);
      }
    }
  }

  /** Rank (0-based) of each query's first same-label neighbour, or {@code Integer.MAX_VALUE} if none is kept. */
  private static int[] firstHitRanks(Neighbours neighbours, int[] queryLabels, int[] galleryLabels) {
    int[] firstHit = new int[neighbours.queryCount()];
    for (int q = 0; q < firstHit.length; q++) {
      firstHit[q] = Integer.MAX_VALUE;
      for (int rank = 0; rank < neighbours.depth(); rank++) {
        if (galleryLabels[neighbours.index(q, rank)] == queryLabels[q]) {
          firstHit[q] = rank;
          break;
        }
      }
    }
    return firstHit;
  }
}
