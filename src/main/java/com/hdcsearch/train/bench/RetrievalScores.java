package com.hdcsearch.train.bench;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Zero-shot retrieval scores for the learner's own experiments (the eval team's package is the product's): every
 * item queries all others (itself excluded), ranked by dot product of unit embeddings. Ties rank by index.
 *
 * @param recallAt Recall@K for K = 1, 2, 4, 8
 * @param mapAtR MAP@R (Musgrave et al. 2020)
 */
public record RetrievalScores(double[] recallAt, double mapAtR) {
  public static final int[] KS = {1, 2, 4, 8};

  /** Scores unit-length {@code embeddings} with class {@code labels}. */
  public static RetrievalScores of(float[][] embeddings, int[] labels) {
    int n = embeddings.length;
    int[] classSize = new int[Arrays.stream(labels).max().orElse(0) + 1];
    for (int l : labels) {
      classSize[l]++;
    }
    double[][] perQuery = new double[n][];
    IntStream.range(0, n).parallel().forEach(q -> {
      float[] a = embeddings[q];
      long[] keyed = new long[n - 1];
      int m = 0;
      for (int j = 0; j < n; j++) {
        if (j == q) {
          continue;
        }
        float[] b = embeddings[j];
        float dot = 0;
        for (int d = 0; d < a.length; d++) {
          dot += a[d] * b[d];
        }
        // Sort key: larger similarity first, then smaller index; float bits of -dot order like the float.
        int bits = Float.floatToIntBits(-dot);
        bits ^= (bits >> 31) & 0x7fffffff;
        keyed[m++] = ((long) bits << 32) | j;
      }
      Arrays.sort(keyed);
      int r = classSize[labels[q]] - 1;
      double[] out = new double[KS.length + 1];
      int firstHit = -1;
      double precisionSum = 0;
      int hits = 0;
      for (int rank = 0; rank < keyed.length; rank++) {
        int j = (int) keyed[rank];
        boolean same = labels[j] == labels[q];
        if (same && firstHit < 0) {
          firstHit = rank;
        }
        if (rank < r && same) {
          hits++;
          precisionSum += (double) hits / (rank + 1);
        }
        if (rank >= r && firstHit >= 0 && rank >= KS[KS.length - 1]) {
          break;
        }
      }
      for (int k = 0; k < KS.length; k++) {
        out[k] = firstHit >= 0 && firstHit < KS[k] ? 1 : 0;
      }
      out[KS.length] = r == 0 ? 0 : precisionSum / r;
      perQuery[q] = out;
    });
    double[] recall = new double[KS.length];
    double map = 0;
    for (double[] q : perQuery) {
      for (int k = 0; k < KS.length; k++) {
        recall[k] += q[k] / n;
      }
      map += q[KS.length] / n;
    }
    return new RetrievalScores(recall, map);
  }

  public double recallAt1() {
    return recallAt[0];
  }

  @Override
  public String toString() {
    return String.format("R@1 %.1f R@2 %.1f R@4 %.1f R@8 %.1f MAP@R %.1f", 100 * recallAt[0], 100 * recallAt[1],
        100 * recallAt[2], 100 * recallAt[3], 100 * mapAtR);
  }
}
