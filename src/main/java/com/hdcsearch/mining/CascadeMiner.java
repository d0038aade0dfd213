package com.hdcsearch.mining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HDC cascade as an ordered list of miners, one per level. In {@link MiningVariant#CASCADE} each level narrows the
 * pairs the previous level kept; in {@link MiningVariant#INDEPENDENT} each level ranks all pairs of the batch.
 */
public final class CascadeMiner {
  /** The released code's keep ratios for three levels. */
  public static final double[] DEFAULT_KEEP_RATIOS = {1.0, 0.5, 0.2};

  private final List<HardPairMiner> miners;
  private final MiningVariant variant;

  public CascadeMiner(double[] keepRatios, MiningVariant variant) {
    this(keepRatios, variant, false);
  }

  /** {@code keepAllPositives}: every level keeps all positives it sees; its keep ratio cuts the negatives only. */
  public CascadeMiner(double[] keepRatios, MiningVariant variant, boolean keepAllPositives) {
    if (keepRatios.length == 0) {
      throw new IllegalArgumentException("need at least one keep ratio, got: " + Arrays.toString(keepRatios));
    }
    this.miners = new ArrayList<>();
    for (double r : keepRatios) {
      miners.add(new HardPairMiner(r, keepAllPositives));
    }
    this.variant = variant;
  }

  public int levels() {
    return miners.size();
  }

  public MiningVariant variant() {
    return variant;
  }

  /**
   * Pairs kept by each level.
   *
   * @param levelDistances each level's N x N distance matrix (row-major)
   * @param n batch size
   * @param all the batch's candidate pairs (usually {@link PairIndices#allPairs})
   */
  public List<Mined> mine(List<float[]> levelDistances, int n, PairIndices all) {
    if (levelDistances.size() != miners.size()) {
      throw new IllegalArgumentException(
          "need " + miners.size() + " distance matrices, got: " + levelDistances.size());
    }
    List<Mined> out = new ArrayList<>(miners.size());
    PairIndices seen = all;
    for (int level = 0; level < miners.size(); level++) {
      if (variant == MiningVariant.CASCADE_FULL_LAST && level == miners.size() - 1) {
        seen = all;
      }
      PairIndices kept = miners.get(level).mine(levelDistances.get(level), n, seen);
      out.add(new Mined(seen.size(), kept));
      seen = variant == MiningVariant.INDEPENDENT ? all : kept;
    }
    return out;
  }

  /**
   * What one level did.
   *
   * @param seen candidate pairs the level ranked
   * @param kept pairs it kept
   */
  public record Mined(int seen, PairIndices kept) {}
}
