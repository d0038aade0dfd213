package com.hdcsearch.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded time series of named figures on one shared time axis: a ring of sample times and, per series, a ring of
 * values of the same capacity. Sample times are whole multiples of the resolution, strictly increasing, at most one
 * sample per slot; the oldest sample goes when the ring is full. A series first seen late, or missing from a sample,
 * has no value there (NaN, served as null). Thread-safe.
 */
public final class History {
  /** More samples than this per series would make one answer of the history endpoint too big to poll. */
  static final int MAX_CAPACITY = 100_000;

  private final long resolutionMillis;
  private final int capacity;
  private final long[] times;
  private final Map<String, double[]> series = new LinkedHashMap<>();
  /** Index of the oldest sample. */
  private int head;
  private int size;

  /**
   * @param resolution the time between two slots, at least 1 ms
   * @param retention how far back samples are kept; at least one resolution
   */
  public History(Duration resolution, Duration retention) {
    if (resolution.toMillis() < 1) {
      throw new IllegalArgumentException("resolution must be at least 1 ms, got: " + resolution);
    }
    if (retention.compareTo(resolution) < 0) {
      throw new IllegalArgumentException(
          "retention must be at least one resolution (" + resolution + "), got: " + retention);
    }
    this.resolutionMillis = resolution.toMillis();
    long slots = retention.toMillis() / resolutionMillis;
    if (slots > MAX_CAPACITY) {
      throw new IllegalArgumentException("retention / resolution must be at most " + MAX_CAPACITY + " samples, got: "
          + slots + " (" + retention + " / " + resolution + ")");
    }
    this.capacity = (int) slots;
    this.times = new long[capacity];
  }

  /** The slot that {@code timeMillis} falls in: the multiple of the resolution at or before it. */
  public long slotOf(long timeMillis) {
    return Math.floorDiv(timeMillis, resolutionMillis) * resolutionMillis;
  }

  /** Whether a sample at {@code timeMillis} would be added: its slot is later than the latest sample's. */
  public synchronized boolean isNewSlot(long timeMillis) {
    return size == 0 || slotOf(timeMillis) > times[index(size - 1)];
  }

  /**
   * Adds a sample at the slot of {@code timeMillis}, unless the latest sample is already in that slot or later (a
   * timer that fires early or twice, or a clock stepped back).
   *
   * @return whether it was added
   */
  public synchronized boolean add(long timeMillis, Map<String, Double> values) {
    if (!isNewSlot(timeMillis)) {
      return false;
    }
    long slot = slotOf(timeMillis);
    int at;
    if (size < capacity) {
      at = index(size);
      size++;
    } else {
      at = head;
      head = (head + 1) % capacity;
    }
    times[at] = slot;
    for (double[] ring : series.values()) {
      ring[at] = Double.NaN;
    }
    values.forEach((name, value) -> series.computeIfAbsent(name, n -> emptyRing())[at] =
        value == null ? Double.NaN : value);
    return true;
  }

  /** The samples later than {@code afterMillis}, oldest first (all of them for {@code Long.MIN_VALUE}). */
  public synchronized Window since(long afterMillis) {
    List<Long> t = new ArrayList<>();
    int first = firstAfter(afterMillis);
    for (int i = first; i < size; i++) {
      t.add(times[index(i)]);
    }
    Map<String, List<Double>> values = new LinkedHashMap<>();
    series.forEach((name, ring) -> {
      List<Double> v = new ArrayList<>(size - first);
      for (int i = first; i < size; i++) {
        double x = ring[index(i)];
        v.add(Double.isNaN(x) ? null : x);
      }
      values.put(name, v);
    });
    return new Window(t, values);
  }

  /** The position of the first sample later than {@code afterMillis}, or {@code size} if none. */
  private int firstAfter(long afterMillis) {
    for (int i = 0; i < size; i++) {
      if (times[index(i)] > afterMillis) {
        return i;
      }
    }
    return size;
  }

  /** Samples held now. */
  public synchronized int size() {
    return size;
  }

  /** The most samples held. */
  public int capacity() {
    return capacity;
  }

  /** The time between two slots. */
  public Duration resolution() {
    return Duration.ofMillis(resolutionMillis);
  }

  private int index(int i) {
    return (head + i) % capacity;
  }

  private double[] emptyRing() {
    double[] ring = new double[capacity];
    Arrays.fill(ring, Double.NaN);
    return ring;
  }

  /**
   * Samples of a time range.
   *
   * @param times sample times in epoch milliseconds, oldest first
   * @param series each series' values at those times (null where it had none), in order of first appearance
   */
  public record Window(List<Long> times, Map<String, List<Double>> series) {}
}
