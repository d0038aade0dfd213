package com.hdcsearch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Quantiles read from the published buckets, as Prometheus's histogram_quantile reads them. */
class BucketQuantileTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Timer lookupTimer(String version) {
    return LatencyBuckets.LOOKUP.apply(Timer.builder("t")).tag("v", version).register(registry);
  }

  @Test
  void interpolatesInsideTheBucketThatHoldsTheRank() {
    Timer t = lookupTimer("a");
    for (int i = 0; i < 90; i++) {
      t.record(1_500, TimeUnit.MICROSECONDS); // bucket (1 ms, 2 ms]
    }
    for (int i = 0; i < 10; i++) {
      t.record(9_900, TimeUnit.MICROSECONDS); // bucket (7.5 ms, 10 ms]
    }
    // Rank 50 of the 90 in (1, 2]: 1 + 50/90.
    assertEquals(1 + 50.0 / 90, BucketQuantile.millis(List.of(t), 0.5), 1e-9);
    // Rank 99: 9 of the 10 in (7.5, 10]: 7.5 + 2.5 * 0.9.
    assertEquals(9.75, BucketQuantile.millis(List.of(t), 0.99), 1e-9);
    // Never above the largest value recorded.
    assertEquals(9.9, BucketQuantile.millis(List.of(t), 1.0), 1e-9);
  }

  @Test
  void sumsTheBucketsOfSeveralTimersAndIsNaNWhenNothingWasRecorded() {
    Timer a = lookupTimer("a");
    Timer b = lookupTimer("b");
    assertTrue(Double.isNaN(BucketQuantile.millis(List.of(a, b), 0.5)));
    for (int i = 0; i < 50; i++) {
      a.record(800, TimeUnit.MICROSECONDS); // (0.5, 1]
      b.record(40, TimeUnit.MILLISECONDS); // (20, 50]
    }
    // The median of both: the 50th of 100 values is the last of a's bucket.
    assertEquals(1.0, BucketQuantile.millis(List.of(a, b), 0.5), 1e-9);
    double p99 = BucketQuantile.millis(List.of(a, b), 0.99);
    assertTrue(p99 > 20 && p99 <= 40, "p99 in b's bucket, at most b's value: " + p99);
    // Above the last edge (1 s) the largest value recorded answers.
    Timer slow = lookupTimer("slow");
    slow.record(3, TimeUnit.SECONDS);
    assertEquals(3000.0, BucketQuantile.millis(List.of(slow), 0.99), 1e-9);
  }

  @Test
  void aQuantileOutsideZeroToOneIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> BucketQuantile.millis(List.of(), 1.5));
    assertTrue(e.getMessage().contains("1.5"));
  }
}
