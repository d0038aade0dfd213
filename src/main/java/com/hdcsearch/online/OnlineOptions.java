package com.hdcsearch.online;

import java.time.Duration;

/**
 * The online trainer's settings as one value (from {@link OnlineSettings} in the service; built directly by tests and
 * benches).
 */
public record OnlineOptions(String method, String mining, long seed, int classesPerBatch, int imagesPerClass,
    int minClasses, float learningRate, double freshShare, int bufferMaxImages, long bufferMaxBytes,
    double heldOutLabelShare, double heldOutItemShare, int heldOutMaxItems, int candidateEverySteps,
    Duration candidateMinInterval, double gateMargin, double gateSeenTolerance, int gateMinClasses,
    long yieldBacklog, int feedQueue, String stateDir) {

  public OnlineOptions {
    if (classesPerBatch < 2 || imagesPerClass < 2) {
      throw new IllegalArgumentException("a batch needs at least 2 classes x 2 images, got: " + classesPerBatch
          + " x " + imagesPerClass);
    }
    if (minClasses < 2 || minClasses > classesPerBatch) {
      throw new IllegalArgumentException("min-classes must be in [2, classes-per-batch=" + classesPerBatch
          + "], got: " + minClasses);
    }
    if (candidateEverySteps < 1) {
      throw new IllegalArgumentException("candidate-every-steps must be at least 1, got: " + candidateEverySteps);
    }
    if (feedQueue < 1) {
      throw new IllegalArgumentException("feed-queue must be at least 1, got: " + feedQueue);
    }
  }

  public static OnlineOptions of(OnlineSettings s) {
    return new OnlineOptions(s.method(), s.mining(), s.seed(), s.classesPerBatch(), s.imagesPerClass(),
        s.minClasses(), s.learningRate(), s.freshShare(), s.bufferMaxImages(), s.bufferMaxBytes(),
        s.heldOutLabelShare(), s.heldOutItemShare(), s.heldOutMaxItems(), s.candidateEverySteps(),
        s.candidateMinInterval(), s.gateMargin(), s.gateSeenTolerance(), s.gateMinClasses(), s.yieldBacklog(),
        s.feedQueue(), s.stateDir());
  }
}
