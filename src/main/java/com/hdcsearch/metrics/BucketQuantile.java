package com.hdcsearch.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Collection;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A quantile estimated from histogram buckets, the way Prometheus's {@code histogram_quantile} does it (linear
 * inside the bucket that holds the rank), for the figures the service shows itself (the model endpoint, the page).
 * Timers publish buckets only; this reads the same buckets, so the page and Grafana agree.
 */
public final class BucketQuantile {
  private BucketQuantile() {}

  /**
   * The {@code q} quantile in milliseconds over all of {@code timers} (their buckets summed: e.g. one timer per model
   * version), NaN when they recorded nothing. A rank above the last edge answers the largest recent value recorded
   * (else the last edge).
   */
  public static double millis(Collection<Timer> timers, double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile must be in [0, 1], got: " + q);
    }
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    double total = 0;
    double max = 0;
    for (Timer timer : timers) {
      HistogramSnapshot snap = timer.takeSnapshot();
      total += snap.count();
      max = Math.max(max, snap.max(TimeUnit.MILLISECONDS));
      for (CountAtBucket b : snap.histogramCounts()) {
        cumulative.merge(b.bucket(TimeUnit.MILLISECONDS), b.count(), Double::sum);
      }
    }
    if (total == 0) {
      return Double.NaN;
    }
    // The snapshot's max decays (Micrometer keeps it for a couple of minutes): when it has, the buckets alone answer.
    double cap = max > 0 ? max : Double.POSITIVE_INFINITY;
    double rank = q * total;
    double lowerEdge = 0;
    double lowerCount = 0;
    for (var e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        double inBucket = e.getValue() - lowerCount;
        double share = inBucket == 0 ? 1 : (rank - lowerCount) / inBucket;
        return Math.min(cap, lowerEdge + (e.getKey() - lowerEdge) * share);
      }
      lowerEdge = e.getKey();
      lowerCount = e.getValue();
    }
    return max > 0 ? max : lowerEdge;
  }
}
