package com.hdcsearch.loss;

import java.util.Locale;

/** Which distance of normalised embeddings a contrastive loss pays on. */
public enum PairDistance {
  /** Squared Euclidean d2 in [0, 4]: the released HDC code. */
  SQUARED,
  /**
   * Euclidean d in [0, 2]: pytorch-metric-learning's ContrastiveLoss (LpDistance, power 1), the peer anchors' recipe.
   * A margin of 1 on d sits at d2 = 1 as well, but the hinge's gradient is 1 / (2d) times the squared one's, which
   * weighs near pairs more.
   */
  EUCLIDEAN;

  /** Parses {@code squared} or {@code euclidean} (case-insensitive). */
  public static PairDistance parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pair distance must be squared or euclidean, got: " + name, e);
    }
  }
}
