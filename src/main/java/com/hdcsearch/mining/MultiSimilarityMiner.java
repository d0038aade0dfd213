package com.hdcsearch.mining;

import java.util.Arrays;

/**
 * The multi-similarity miner (Wang et al., CVPR 2019) on a similarity matrix: keeps a negative when its similarity
 * exceeds the anchor's least similar positive minus epsilon, and a positive when its similarity is below the anchor's
 * most similar negative plus epsilon. Returns ordered pairs (anchor first).
 */
public final class MultiSimilarityMiner {
  /** The paper's and PML's default. */
  public static final double DEFAULT_EPSILON = 0.1;

  private final double epsilon;

  public MultiSimilarityMiner(double epsilon) {
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("epsilon must be >= 0, got: " + epsilon);
    }
    this.epsilon = epsilon;
  }

  public PairIndices mine(float[] sim, int n, int[] labels) {
    return mine(sim, n, labels, labels);
  }

  /**
   * Mines an anchor's pairs among reference rows: {@code sim} is n x c (row i: batch anchor i against the c
   * reference rows), the first n reference rows are the batch itself (so column i is anchor i, skipped) and the rest
   * are remembered rows (a cross-batch memory). Pairs index columns of {@code sim}.
   */
  public PairIndices mine(float[] sim, int n, int[] labels, int[] referenceLabels) {
    int c = referenceLabels.length;
    if (labels.length != n || c < n || sim.length != n * c) {
      throw new IllegalArgumentException("need an " + n + "x" + c + " matrix, " + n + " labels and at least " + n
          + " reference labels, got " + sim.length + ", " + labels.length + " and " + c);
    }
    int[] pa = new int[n * c];
    int[] pb = new int[n * c];
    int[] na = new int[n * c];
    int[] nb = new int[n * c];
    int p = 0;
    int q = 0;
    for (int i = 0; i < n; i++) {
      float minPos = Float.POSITIVE_INFINITY;
      float maxNeg = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        if (j == i) {
          continue;
        }
        float s = sim[i * c + j];
        if (referenceLabels[j] == labels[i]) {
          minPos = Math.min(minPos, s);
        } else {
          maxNeg = Math.max(maxNeg, s);
        }
      }
      for (int j = 0; j < c; j++) {
        if (j == i) {
          continue;
        }
        float s = sim[i * c + j];
        if (referenceLabels[j] == labels[i]) {
          if (s - epsilon < maxNeg) {
            pa[p] = i;
            pb[p++] = j;
          }
        } else if (s + epsilon > minPos) {
          na[q] = i;
          nb[q++] = j;
        }
      }
    }
    return new PairIndices(Arrays.copyOf(pa, p), Arrays.copyOf(pb, p), Arrays.copyOf(na, q), Arrays.copyOf(nb, q));
  }
}
