package com.hdcsearch.train;

import java.util.Locale;

/** What each HDC level pays on its pairs (issue 9: the cascade as a framework for another pair loss). */
public enum LevelLoss {
  /** The contrastive loss on the pairs the level's hard-pair miner kept (the paper and released code). */
  CONTRASTIVE,
  /**
   * The multi-similarity loss on the pairs the multi-similarity miner (epsilon 0.1) finds at that level, exactly the
   * {@code ms} baseline's loss and miner per level. The keep ratios do not apply; in {@code cascade} mining a level only
   * keeps the pairs that its own miner finds and that the previous level kept ("hard-aware cascade of MS"), in
   * {@code independent} mining every level mines the whole batch.
   */
  MS;

  public static LevelLoss parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("level loss must be contrastive or ms, got: " + name, e);
    }
  }
}
