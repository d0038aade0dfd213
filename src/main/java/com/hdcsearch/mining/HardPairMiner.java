package com.hdcsearch.mining;

import java.util.Arrays;

/**
 * HDC's hard-aware miner for one level: ranks positives and negatives separately by their contrastive loss, hardest
 * first, and keeps the top {@code keepRatio} of each. Positive loss grows with the squared distance d2, negative loss
 * ({@code factor * max(0, margin - d2)}) shrinks with it, so positives are ranked by d2 descending and negatives by d2
 * ascending; ties keep candidate order. A ratio of 1 keeps the candidates as they are. Kept count = ceil(ratio x count), so a positive ratio keeps at least one pair.
 * With {@code keepAllPositives} every candidate positive is kept (in candidate order) and the ratio cuts only the
 * negatives (issue 9: with 25x4 batches 3% of the pairs are positive, and the cascade would keep a tenth of them).
 */
public final class HardPairMiner implements PairMiner {
  /** Rounding slack, so that 0.2 x 5 keeps 1 pair and not 2. */
  private static final double COUNT_EPS = 1e-6;

  private final double keepRatio;
  private final boolean keepAllPositives;

  public HardPairMiner(double keepRatio) {
    this(keepRatio, false);
  }

  /** {@code keepAllPositives}: the ratio applies to the negatives only; every positive is kept. */
  public HardPairMiner(double keepRatio, boolean keepAllPositives) {
    if (!(keepRatio > 0 && keepRatio <= 1)) {
      throw new IllegalArgumentException("keepRatio must be in (0, 1], got: " + keepRatio);
    }
    this.keepRatio = keepRatio;
    this.keepAllPositives = keepAllPositives;
  }

  public boolean keepAllPositives() {
    return keepAllPositives;
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
    int[] keepPos = keepAllPositives ? identity(pa.length) : topK(pa, pb, d, n, keptCount(keepRatio, pa.length), true);
    int[] keepNeg = topK(na, nb, d, n, keptCount(keepRatio, na.length), false);
    return candidates.select(keepPos, keepNeg);
  }

  private static int[] identity(int count) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = i;
    }
    return out;
  }

  /**
   * Positions of the first {@code k} pairs after a stable sort by distance (descending with {@code farthestFirst}),
   * returned in ranked order, as a boxed sort with {@code Double.compare} would give them (-0 before 0, then
   * candidate order on ties). Sorts primitive keys instead of boxed positions: the distance as an int that orders like
   * the float (bitwise-inverted for descending) in the high half, the position in the low half.
   */
  private static int[] topK(int[] a, int[] b, float[] d, int n, int k, boolean farthestFirst) {
    long[] keys = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      int bits = Float.floatToRawIntBits(d[a[i] * n + b[i]]);
      int ordered = bits ^ ((bits >> 31) & Integer.MAX_VALUE);
      keys[i] = ((long) (farthestFirst ? ~ordered : ordered) << 32) | i;
    }
    Arrays.sort(keys);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = (int) keys[i];
    }
    return out;
  }
}
