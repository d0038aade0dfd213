package com.hdcsearch.train.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One trainer's speed at one thread count, measured over the steps after warm-up.
 *
 * @param engine "jvm" or "torch"
 * @param threads intra-op threads
 * @param imagesPerSecond images of the timed steps over their time
 * @param stepMillis mean time of a timed step
 * @param cpuImagesPerSecond images of the timed steps over the process's CPU time in them: at one thread a steady
 *     measure of speed on shared cores, where wall time is not (at more threads it also counts threads that wait)
 * @param parameters trainable parameter elements of the network: equal on both sides when both build the same net
 * @param firstLoss loss of the first step (warm-up included), a check that both trained the same problem
 * @param lastLoss loss of the last step
 * @param phaseMillis mean time per timed step of forward, objective (mining and loss), backward, update (the JVM
 *     also has "batch": copying the batch into a tensor)
 */
public record TrainSpeed(String engine, int threads, double imagesPerSecond, double stepMillis,
    double cpuImagesPerSecond, long parameters, double firstLoss,
    double lastLoss, Map<String, Double> phaseMillis) {
  public TrainSpeed {
    phaseMillis = Collections.unmodifiableMap(new LinkedHashMap<>(phaseMillis));
  }

  /** The phases as {@code name:ms,...}. */
  public String phases() {
    StringBuilder s = new StringBuilder();
    phaseMillis.forEach((k, v) -> s.append(s.isEmpty() ? "" : ",").append(k).append(':')
        .append(String.format(Locale.ROOT, "%.0f", v)));
    return s.toString();
  }
}
