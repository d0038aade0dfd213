package com.hdcsearch.eval;

/**
 * Normalised mutual information of two labelings with the arithmetic-mean normaliser, NMI = MI / ((H(a) + H(b)) / 2),
 * as scikit-learn's {@code normalized_mutual_info_score} default (natural logs; the normaliser cancels the base).
 */
public final class NormalizedMutualInfo {

  private NormalizedMutualInfo() {}

  /**
   * NMI of {@code a} and {@code b} in [0, 1]. Two single-class labelings score 1 (identical); otherwise a zero mutual
   * information scores 0, as in scikit-learn.
   */
  public static double of(int[] a, int[] b) {
    if (a == null || b == null) {
      throw new IllegalArgumentException("labelings must not be null");
    }
    if (a.length != b.length) {
      throw new IllegalArgumentException("labelings must have equal length, got: " + a.length + " and " + b.length);
    }
    if (a.length == 0) {
      throw new IllegalArgumentException("labelings must not be empty, got: 0 items");
    }
    DenseLabels da = DenseLabels.of(a);
    DenseLabels db = DenseLabels.of(b);
    if (da.classes() == 1 && db.classes() == 1) {
      return 1.0;
    }
    long[][] joint = new long[da.classes()][db.classes()];
    long[] countA = new long[da.classes()];
    long[] countB = new long[db.classes()];
    for (int i = 0; i < a.length; i++) {
      joint[da.ids()[i]][db.ids()[i]]++;
      countA[da.ids()[i]]++;
      countB[db.ids()[i]]++;
    }
    double n = a.length;
    double mi = 0.0;
    for (int i = 0; i < joint.length; i++) {
      for (int j = 0; j < joint[i].length; j++) {
        long nij = joint[i][j];
        if (nij > 0) {
          mi += (nij / n) * Math.log(n * nij / ((double) countA[i] * countB[j]));
        }
      }
    }
    if (mi <= 0.0) {
      return 0.0;
    }
    double normaliser = (entropy(countA, n) + entropy(countB, n)) / 2.0;
    return Math.min(1.0, mi / normaliser);
  }

  private static double entropy(long[] counts, double n) {
    double h = 0.0;
    for (long c : counts) {
      if (c > 0) {
        double p = c / n;
        h -= p * Math.log(p);
      }
    }
    return h;
  }
}
