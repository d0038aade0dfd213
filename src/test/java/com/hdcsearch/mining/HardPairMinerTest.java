package com.hdcsearch.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The miner ranks by primitive keys for speed; it must keep exactly the pairs, in exactly the order, that a stable
 * boxed sort by {@code Double.compare} kept before (ties in candidate order, -0 before 0), for every keep ratio
 * below 1; keep 1 ranks nothing and passes the candidates on in their order (HdcEquivalenceTest relies on it).
 */
class HardPairMinerTest {

  @Test
  void keepsWhatAStableBoxedSortKeeps() {
    Random r = new Random(5);
    int n = 40;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i / 4;
    }
    PairIndices all = PairIndices.allPairs(labels);
    for (int trial = 0; trial < 20; trial++) {
      float[] d = new float[n * n];
      for (int i = 0; i < d.length; i++) {
        // Few distinct values, so that ties are common; zeros of both signs and values above the margin.
        int pick = r.nextInt(8);
        d[i] = pick == 0 ? -0f : pick == 1 ? 0f : pick == 2 ? 4f : (float) Math.round(r.nextDouble() * 20) / 10f;
      }
      assertEquals(all, new HardPairMiner(1.0).mine(d, n, all), "trial " + trial + " ratio 1 keeps all, in order");
      for (double ratio : new double[] {0.999, 0.5, 0.2, 0.01}) {
        assertEquals(reference(ratio, d, n, all), new HardPairMiner(ratio).mine(d, n, all),
            "trial " + trial + " ratio " + ratio);
      }
    }
  }

  /** The miner as it was: boxed positions, stable sort, positives farthest first, negatives nearest first. */
  private static PairIndices reference(double ratio, float[] d, int n, PairIndices c) {
    int[] pa = c.posA();
    int[] pb = c.posB();
    int[] na = c.negA();
    int[] nb = c.negB();
    int[] pos = top(pa.length, HardPairMiner.keptCount(ratio, pa.length),
        Comparator.comparingDouble((Integer i) -> -d[pa[i] * n + pb[i]]));
    int[] neg = top(na.length, HardPairMiner.keptCount(ratio, na.length),
        Comparator.comparingDouble((Integer i) -> d[na[i] * n + nb[i]]));
    return c.select(pos, neg);
  }

  private static int[] top(int count, int k, Comparator<Integer> order) {
    Integer[] idx = new Integer[count];
    for (int i = 0; i < count; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, order);
    return Arrays.stream(idx).limit(k).mapToInt(Integer::intValue).toArray();
  }
}
