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
    if (sim.length != n * n) {
      throw new IllegalArgumentException("need an " + n + "x" + n + " matrix, got " + sim.length + " values");
    }
    return mine(sim, n, labels, labels, true);
  }

  /**
   * Mines the batch's anchors' pairs among other rows (a cross-batch memory): {@code sim} is n x m, row i anchor i
   * against the m remembered rows, none of which is the anchor itself. Pairs index columns of {@code sim}. An anchor
   * with no positive among them mines no negative, and one with no negative no positive (as in the batch).
   */
  public PairIndices mineAgainst(float[] sim, int n, int[] labels, int[] referenceLabels) {
    return mine(sim, n, labels, referenceLabels, false);
  }

  private PairIndices mine(float[] sim, int n, int[] labels, int[] referenceLabels, boolean skipSelf) {
    int c = referenceLabels.length;
    if (labels.length != n || sim.length != n * c) {
      throw new IllegalArgumentException("need an " + n + "x" + c + " matrix and " + n + " labels, got "
          + sim.length + " and " + labels.length);
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
        if (skipSelf && j == i) {
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
        if (skipSelf && j == i) {
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
