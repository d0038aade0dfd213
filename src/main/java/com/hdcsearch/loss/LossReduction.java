package com.hdcsearch.loss;

/** How a contrastive level's summed pair loss is normalised. */
public enum LossReduction {
  /** Divide by the pairs with non-zero loss (the released HDC code). */
  NON_ZERO_MEAN,
  /** Divide by all pairs the level kept. */
  MEAN;

  public Reducer reducer() {
    return this == MEAN ? Reducer.mean() : Reducer.nonZeroMean();
  }
}
