package com.hdcsearch.loss;

/** How a contrastive level's summed pair loss is normalised. */
public enum LossReduction {
  /** Divide by the pairs with non-zero loss (the released HDC code). */
  NON_ZERO_MEAN,
  /** Divide by all pairs the level kept. */
  MEAN,
  /**
   * Positives and negatives each divided by their own count of non-zero pairs, then added: pytorch-metric-learning's
   * ContrastiveLoss, whose AvgNonZeroReducer reduces its two sub-losses apart. With 3% of a 25x4 batch's pairs
   * positive, this gives the positives about as much pull as all the negatives together.
   */
  SEPARATE_NON_ZERO_MEAN;

  /** The reducer of the whole sum; {@link #SEPARATE_NON_ZERO_MEAN} has none (it reduces two sums). */
  public Reducer reducer() {
    return switch (this) {
      case MEAN -> Reducer.mean();
      case NON_ZERO_MEAN -> Reducer.nonZeroMean();
      case SEPARATE_NON_ZERO_MEAN ->
          throw new IllegalStateException("separate reduction has no single reducer; use ContrastiveLoss.of");
    };
  }

  /** Parses the override names {@code nonzero}, {@code mean}, {@code separate}. */
  public static LossReduction parse(String name) {
    return switch (name.trim()) {
      case "nonzero" -> NON_ZERO_MEAN;
      case "mean" -> MEAN;
      case "separate" -> SEPARATE_NON_ZERO_MEAN;
      default -> throw new IllegalArgumentException("reduce must be nonzero, mean or separate, got: " + name);
    };
  }
}
