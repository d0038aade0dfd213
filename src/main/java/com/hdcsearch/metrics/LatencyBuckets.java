package com.hdcsearch.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;

/**
 * Fixed histogram buckets for the latencies the service publishes. Prometheus aggregates bucket counters across
 * instances and over time (histogram_quantile); in-process percentiles it cannot. Fixed buckets, rather than
 * Micrometer's 70-odd generated ones, keep the series per meter small and put edges on the targets (10 ms lookups,
 * 1 s freshness).
 */
public enum LatencyBuckets {
  /** Similarity lookups: sub-millisecond to a second; the target is 10 ms. */
  LOOKUP(millis(0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 50, 100, 250, 500, 1000)),
  /** Produce to searchable: a tenth of a second when ingest keeps up, many seconds behind a backlog. */
  FRESHNESS(millis(50, 100, 200, 300, 500, 750, 1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000)),
  /** One model call on a micro-batch, or one near-real-time reopen of the index. */
  WORK(millis(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000));

  private final Duration[] edges;

  LatencyBuckets(Duration[] edges) {
    this.edges = edges;
  }

  /** {@code builder} with these buckets published as a histogram (and no in-process percentiles). */
  public Timer.Builder apply(Timer.Builder builder) {
    return builder.serviceLevelObjectives(edges.clone())
        .minimumExpectedValue(edges[0])
        .maximumExpectedValue(edges[edges.length - 1]);
  }

  /** The bucket edges, smallest first. */
  public Duration[] edges() {
    return edges.clone();
  }

  private static Duration[] millis(double... ms) {
    return Arrays.stream(ms).mapToObj(m -> Duration.ofNanos(Math.round(m * 1_000_000))).toArray(Duration[]::new);
  }
}
