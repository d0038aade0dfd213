package com.hdcsearch.index;

/**
 * Timings of the near-real-time reopens that made new writes searchable.
 *
 * @param refreshes reopens that found new writes
 * @param lastNanos duration of the latest such reopen
 * @param maxNanos the longest one
 * @param totalNanos the sum of all
 */
public record RefreshStats(long refreshes, long lastNanos, long maxNanos, long totalNanos) {
  /** Mean reopen time in milliseconds, 0 before the first. */
  public double meanMillis() {
    return refreshes == 0 ? 0 : totalNanos / 1e6 / refreshes;
  }
}
