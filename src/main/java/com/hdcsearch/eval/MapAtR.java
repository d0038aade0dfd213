package com.hdcsearch.eval;

import java.util.Map;

/**
 * MAP@R (Musgrave, Belongie, Lim, "A Metric Learning Reality Check", 2020): for a query with R same-label gallery items,
 * AP@R = (1/R) * sum over ranks i <= R of P@i * rel_i; the mean over queries with R >= 1.
 */
public final class MapAtR {

  private MapAtR() {}

  /**
   * MAP@R of {@code neighbours}. With {@code selfExcluded} (zero-shot: queries are the gallery) each query's R leaves
   * out the query itself. The neighbour depth must reach every query's R. Returns NaN if no query has R >= 1.
   */
  public static double compute(Neighbours neighbours, int[] queryLabels, int[] galleryLabels, boolean selfExcluded) {
    Vectors.checkLabels(queryLabels, neighbours.queryCount(), "queryLabels");
    Map<Integer, Integer> galleryCounts = DenseLabels.counts(galleryLabels);
    double sum = 0.0;
    int counted = 0;
    for (int q = 0; q < queryLabels.length; q++) {
      int r = relevantCount(galleryCounts, queryLabels[q], selfExcluded);
      if (r < 1) {
        continue;
      }
      if (r > neighbours.depth()) {
        throw new IllegalArgumentException(
            "neighbour depth must be at least R = " + r + " (query " + q + "), got: " + neighbours.depth());
      }
      sum += averagePrecisionAtR(neighbours, q, queryLabels[q], galleryLabels, r);
      counted++;
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  /** The largest R over all queries: the neighbour depth that MAP@R needs. */
  public static int maxR(int[] queryLabels, int[] galleryLabels, boolean selfExcluded) {
    Map<Integer, Integer> galleryCounts = DenseLabels.counts(galleryLabels);
    int max = 0;
    for (int label : queryLabels) {
      max = Math.max(max, relevantCount(galleryCounts, label, selfExcluded));
    }
    return max;
  }

  private static int relevantCount(Map<Integer, Integer> galleryCounts, int label, boolean selfExcluded) {
    int count = galleryCounts.getOrDefault(label, 0);
    return selfExcluded ? count - 1 : count;
  }

  private static double averagePrecisionAtR(
      Neighbours neighbours, int query, int label, int[] galleryLabels, int r) {
    int relevantSoFar = 0;
    double precisionSum = 0.0;
    for (int rank = 0; rank < r; rank++) {
      if (galleryLabels[neighbours.index(query, rank)] == label) {
        relevantSoFar++;
        precisionSum += (double) relevantSoFar / (rank + 1);
      }
    }
    return precisionSum / r;
  }
}
