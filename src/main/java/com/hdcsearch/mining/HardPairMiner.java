package com.hdcsearch.mining;

import java.util.Arrays;
import java.util.Comparator;

/**
 * HDC's hard-aware miner for one level: ranks positives and negatives separately by their contrastive loss, hardest
 * first, and keeps the top {@code keepRatio} of each. Positive loss grows with the squared distance d2, negative loss
 * ({@code factor * max(0, margin - d2)}) shrinks with it, so positives are ranked by d2 descending and negatives by d2
 * ascending; ties keep candidate order. A ratio of 1 keeps the candidates as they are. Kept count = ceil(ratio x count), so a positive ratio keeps at least one pair.
 */
public final class HardPairMiner implements PairMiner {
  /** Rounding slack, so that 0.2 x 5 keeps 1 pair and not 2. */
  private static final double COUNT_EPS = 1e-6;

  private final double keepRatio;

  public HardPairMiner(double keepRatio) {
    if (!(keepRatio > 0 && keepRatio <= 1)) {
      throw new IllegalArgumentException("keepRatio must be in (0, 1], got: " + keepRatio);
    }
    this.keepRatio = keepRatio;
  }

  public double keepRatio() {
    return keepRatio;
  }

  /** How many of {@code count} candidates a ratio keeps. */
  public static int keptCount(double ratio, int count) {
    return count == 0 ? 0 : Math.min(count, Math.max(1, (int) Math.ceil(ratio * count - COUNT_EPS)));
  }

  @Override
  public PairIndices mine(float[] d, int n, PairIndices candidates) {
    if (d.length != n * n) {
      throw new IllegalArgumentException("distance matrix must have " + n * n + " entries, got: " + d.length);
    }
    if (keepRatio == 1.0) {
      // Keeping every pair ranks nothing: the candidates go on in their order, so that keep 1 is exactly "no mining"
      // (the same pairs, summed in the same order, as a loss on all pairs; see HdcEquivalenceTest).
      return candidates;
    }
    int[] pa = candidates.posA();
    int[] pb = candidates.posB();
    int[] na = candidates.negA();
    int[] nb = candidates.negB();
    int[] keepPos = topK(pa.length, keptCount(keepRatio, pa.length),
        Comparator.comparingDouble((Integer i) -> -d[pa[i] * n + pb[i]]));
    int[] keepNeg = topK(na.length, keptCount(keepRatio, na.length),
        Comparator.comparingDouble((Integer i) -> d[na[i] * n + nb[i]]));
    return candidates.select(keepPos, keepNeg);
  }

  /** Positions of the first {@code k} after a stable sort, returned in ranked order. */
  private static int[] topK(int count, int k, Comparator<Integer> hardestFirst) {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, hardestFirst);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = order[i];
    }
    return out;
  }
}
