package com.hdcsearch.train;

/** Side effects of training (progress, logs): called after every step, on the training thread. */
@FunctionalInterface
public interface TrainingListener {
  void onStep(StepRecord record);

  /** Does nothing. */
  TrainingListener NONE = r -> { };
}
