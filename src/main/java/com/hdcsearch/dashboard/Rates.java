package com.hdcsearch.dashboard;

import java.util.HashMap;
import java.util.Map;

/** Per-second rates of cumulative counters between two reads. Not thread-safe: the sampler's thread owns it. */
final class Rates {
  private record Last(double count, long timeMillis) {}

  private final Map<String, Last> last = new HashMap<>();

  /**
   * The rate of {@code key} since its previous read: NaN on the first read, or when no time has passed; 0 when the
   * counter went down (it was reset, e.g. a new pipeline).
   */
  double perSecond(String key, double count, long timeMillis) {
    Last previous = last.put(key, new Last(count, timeMillis));
    if (previous == null || timeMillis <= previous.timeMillis()) {
      return Double.NaN;
    }
    return Math.max(0, count - previous.count()) * 1000.0 / (timeMillis - previous.timeMillis());
  }
}
