package com.hdcsearch.train;

import java.util.List;

/**
 * One optimisation step.
 *
 * @param step 0-based step
 * @param totalSteps steps in the run
 * @param loss total loss (sum over levels)
 * @param levels per-level statistics
 * @param learningRate trunk learning rate used
 * @param imagesPerSecond throughput so far
 * @param elapsedSeconds wall time so far
 */
public record StepRecord(int step, int totalSteps, float loss, List<LevelStats> levels, float learningRate,
    double imagesPerSecond, double elapsedSeconds) {
  public StepRecord {
    levels = List.copyOf(levels);
  }
}
