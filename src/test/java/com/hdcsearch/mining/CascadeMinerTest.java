package com.hdcsearch.mining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed batch: 4 rows, classes [0, 0, 1, 1]; pairs (0,1) and (2,3) positive, the other four negative. */
class CascadeMinerTest {
  private static final int[] LABELS = {0, 0, 1, 1};
  private static final double[] RATIOS = {1.0, 0.5, 0.2};

  /** Symmetric 4x4 matrix from the six pair distances d01, d02, d03, d12, d13, d23. */
  private static float[] matrix(float d01, float d02, float d03, float d12, float d13, float d23) {
    return new float[] {
      0, d01, d02, d03,
      d01, 0, d12, d13,
      d02, d12, 0, d23,
      d03, d13, d23, 0};
  }

  private static final float[] LEVEL1 = matrix(0.5f, 0.3f, 0.9f, 1.2f, 0.2f, 0.1f);
  // Level 2: hardest positive (2,3) at 0.6; closest negatives (0,3) 0.3 and (1,2) 0.5.
  private static final float[] LEVEL2 = matrix(0.2f, 0.8f, 0.3f, 0.5f, 1.5f, 0.6f);
  // Level 3: over all pairs the hardest are (0,1) 0.9 and (0,2) 0.1; among level 2's, (2,3) and (1,2) 0.6.
  private static final float[] LEVEL3 = matrix(0.9f, 0.1f, 0.7f, 0.6f, 1.1f, 0.4f);

  @Test
  void allPairsSplitsPositivesAndNegatives() {
    PairIndices all = PairIndices.allPairs(LABELS);
    assertArrayEquals(new int[] {0, 2}, all.posA());
    assertArrayEquals(new int[] {1, 3}, all.posB());
    assertArrayEquals(new int[] {0, 0, 1, 1}, all.negA());
    assertArrayEquals(new int[] {2, 3, 2, 3}, all.negB());
  }

  @Test
  void cascadeNarrowsWhatThePreviousLevelKept() {
    List<CascadeMiner.Mined> mined = new CascadeMiner(RATIOS, MiningVariant.CASCADE)
        .mine(List.of(LEVEL1, LEVEL2, LEVEL3), 4, PairIndices.allPairs(LABELS));
    // Level 1 keeps everything, in the candidates' order (a ratio of 1 ranks nothing).
    assertEquals(PairIndices.allPairs(LABELS), mined.get(0).kept());
    assertEquals(new PairIndices(new int[] {2}, new int[] {3}, new int[] {0, 1}, new int[] {3, 2}),
        mined.get(1).kept());
    assertEquals(new PairIndices(new int[] {2}, new int[] {3}, new int[] {1}, new int[] {2}), mined.get(2).kept());
    assertEquals(6, mined.get(0).seen());
    assertEquals(6, mined.get(1).seen());
    assertEquals(3, mined.get(2).seen());
  }

  @Test
  void independentLevelsRankAllPairs() {
    List<CascadeMiner.Mined> mined = new CascadeMiner(RATIOS, MiningVariant.INDEPENDENT)
        .mine(List.of(LEVEL1, LEVEL2, LEVEL3), 4, PairIndices.allPairs(LABELS));
    assertEquals(new PairIndices(new int[] {2}, new int[] {3}, new int[] {0, 1}, new int[] {3, 2}),
        mined.get(1).kept());
    assertEquals(new PairIndices(new int[] {0}, new int[] {1}, new int[] {0}, new int[] {2}), mined.get(2).kept());
    assertEquals(6, mined.get(2).seen());
  }

  @Test
  void fullLastCascadesTheShallowLevelsButGivesTheLastAllPairs() {
    List<CascadeMiner.Mined> mined = new CascadeMiner(RATIOS, MiningVariant.CASCADE_FULL_LAST)
        .mine(List.of(LEVEL1, LEVEL2, LEVEL3), 4, PairIndices.allPairs(LABELS));
    // Level 2 as in the cascade; level 3 ranks all six pairs, as if independent.
    assertEquals(new PairIndices(new int[] {2}, new int[] {3}, new int[] {0, 1}, new int[] {3, 2}),
        mined.get(1).kept());
    assertEquals(new PairIndices(new int[] {0}, new int[] {1}, new int[] {0}, new int[] {2}), mined.get(2).kept());
    assertEquals(6, mined.get(2).seen());
    // With ratio 1 the last level trains on every pair of the batch.
    List<CascadeMiner.Mined> full = new CascadeMiner(new double[] {1.0, 0.5, 1.0}, MiningVariant.CASCADE_FULL_LAST)
        .mine(List.of(LEVEL1, LEVEL2, LEVEL3), 4, PairIndices.allPairs(LABELS));
    assertEquals(6, full.get(2).kept().size());
    assertEquals(3, full.get(1).kept().size());
  }

  @Test
  void keptCountRoundsUpButNotOnRoundingNoise() {
    assertEquals(1, HardPairMiner.keptCount(0.2, 5));
    assertEquals(2, HardPairMiner.keptCount(0.5, 3));
    assertEquals(990, HardPairMiner.keptCount(0.2, 4950));
    assertEquals(1, HardPairMiner.keptCount(0.2, 1));
    assertEquals(0, HardPairMiner.keptCount(0.5, 0));
  }

  @Test
  void rejectsBadRatios() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HardPairMiner(1.5));
    assertEquals("keepRatio must be in (0, 1], got: 1.5", e.getMessage());
  }

  @Test
  void semiHardPicksTheClosestNegativeBeyondThePositive() {
    // Anchor 0's positive 1 is at 0.5; negatives 2 at 0.6 (semi-hard), 3 at 0.4 (hard): semi-hard wins.
    float[] d = matrix(0.5f, 0.6f, 0.4f, 1.0f, 1.0f, 0.3f);
    TripletIndices t = new SemiHardTripletMiner(0.2).mine(d, 4, LABELS);
    assertEquals(0, t.anchors()[0]);
    assertEquals(1, t.positives()[0]);
    assertEquals(2, t.negatives()[0]);
  }
}
