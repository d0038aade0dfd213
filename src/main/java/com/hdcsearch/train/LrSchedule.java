package com.hdcsearch.train;

/**
 * Learning rate per step: linear warm-up over {@code warmupSteps}, then constant, or cosine decay to zero at
 * {@code totalSteps}.
 */
public record LrSchedule(Kind kind, float baseRate, int warmupSteps, int totalSteps) {
  /** Shape after warm-up. */
  public enum Kind { CONSTANT, COSINE }

  public LrSchedule {
    if (!(baseRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive, got: " + baseRate);
    }
    if (warmupSteps < 0 || totalSteps < 1) {
      throw new IllegalArgumentException("need warmupSteps >= 0 and totalSteps >= 1, got: " + warmupSteps + ", "
          + totalSteps);
    }
  }

  /** Rate for 0-based {@code step}. */
  public float rate(int step) {
    if (step < warmupSteps) {
      return baseRate * (step + 1) / warmupSteps;
    }
    if (kind == Kind.CONSTANT) {
      return baseRate;
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return (float) (baseRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
  }
}
