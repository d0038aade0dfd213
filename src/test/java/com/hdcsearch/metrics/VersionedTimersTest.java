package com.hdcsearch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A histogram per model version, for the last few versions only; the evicted ones leave the registry. */
class VersionedTimersTest {
  @Test
  void keepsTheLastVersionsAndRemovesTheOldestFromTheRegistry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    VersionedTimers timers = new VersionedTimers(registry, "hdc.test.latency", "test", LatencyBuckets.LOOKUP,
        Tags.of("kind", "similar"), 2);
    timers.of("v1").record(Duration.ofMillis(3));
    assertSame(timers.of("v1"), timers.of("v1"), "one timer per version");
    timers.of("v2").record(Duration.ofMillis(4));
    timers.of("v3").record(Duration.ofMillis(5));

    assertNull(registry.find("hdc.test.latency").tag(MeterTags.MODEL_VERSION, "v1").timer(), "v1 evicted");
    var v3 = registry.find("hdc.test.latency").tags("kind", "similar", MeterTags.MODEL_VERSION, "v3").timer();
    assertNotNull(v3);
    assertEquals(1, v3.count());
    assertEquals(2, timers.timers().size());
    // Buckets, not percentiles: the SLO edges are the histogram.
    assertEquals(LatencyBuckets.LOOKUP.edges().length, v3.takeSnapshot().histogramCounts().length);
    assertEquals(0, v3.takeSnapshot().percentileValues().length);
  }

  @Test
  void keepingNoVersionIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new VersionedTimers(new SimpleMeterRegistry(), "x",
        "x", LatencyBuckets.WORK, Tags.empty(), 0));
    assertEquals("keep must be at least 1, got: 0", e.getMessage());
  }
}
