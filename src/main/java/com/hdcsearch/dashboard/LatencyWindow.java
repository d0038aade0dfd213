package com.hdcsearch.dashboard;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The latencies of one sampling interval: recorded by the threads that do the work, drained by the sampler, which
 * gets their count and exact p50/p99. Past {@code capacity} values in one interval it keeps a uniform sample of them
 * (reservoir sampling), so memory stays bounded under any load; the count stays exact. Thread-safe.
 */
public final class LatencyWindow {
  /** Values kept per interval: 5 s at 800 lookups/s before sampling starts. */
  public static final int DEFAULT_CAPACITY = 4096;

  private final double[] values;
  /** Seeded: which values a busy interval keeps is the same from run to run for the same arrivals. */
  private final SplittableRandom random;
  private long count;

  public LatencyWindow() {
    this(DEFAULT_CAPACITY, 17L);
  }

  /**
   * @param capacity values kept per interval, at least 1
   * @param seed of the reservoir's choices
   */
  public LatencyWindow(int capacity, long seed) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got: " + capacity);
    }
    this.values = new double[capacity];
    this.random = new SplittableRandom(seed);
  }

  /** One latency in milliseconds; negative values (clock steps) count as 0. */
  public synchronized void record(double millis) {
    double v = Math.max(0, millis);
    if (count < values.length) {
      values[(int) count] = v;
    } else {
      long slot = random.nextLong(count + 1);
      if (slot < values.length) {
        values[(int) slot] = v;
      }
    }
    count++;
  }

  /** The interval's figures; starts the next interval. */
  public Interval drain() {
    double[] kept;
    long n;
    synchronized (this) {
      n = count;
      kept = Arrays.copyOf(values, (int) Math.min(count, values.length));
      count = 0;
    }
    if (kept.length == 0) {
      return new Interval(0, Double.NaN, Double.NaN);
    }
    Arrays.sort(kept);
    return new Interval(n, rank(kept, 0.5), rank(kept, 0.99));
  }

  /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
  static double rank(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /**
   * One interval's latencies.
   *
   * @param count values recorded
   * @param p50Millis median (NaN when none)
   * @param p99Millis 99th percentile (NaN when none)
   */
  public record Interval(long count, double p50Millis, double p99Millis) {}
}
