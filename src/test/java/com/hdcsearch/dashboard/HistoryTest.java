package com.hdcsearch.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The dashboard's server-side history: bounded, ordered, one sample per resolution slot. */
class HistoryTest {
  private static final long SEED = 20261201L;
  private static final long T0 = 1_764_590_400_000L; // 2025-12-01T12:00:00Z, a multiple of 5 s

  @Test
  void keepsTheLatestRetentionOfSamplesInOrderAtTheResolution() {
    // 4 h at 5 s, as the service's default: 2,880 samples.
    History h = new History(Duration.ofSeconds(5), Duration.ofHours(4));
    assertEquals(2880, h.capacity());
    SplittableRandom random = new SplittableRandom(SEED);
    System.out.println("HistoryTest seed " + SEED);
    // Five hours of a sampler that wakes 0-900 ms late each time: an items count that grows by 0-49 per sample.
    double items = 0;
    List<Double> written = new ArrayList<>();
    int samples = 5 * 3600 / 5;
    for (int i = 0; i < samples; i++) {
      items += random.nextInt(50);
      long wake = T0 + i * 5000L + random.nextInt(900);
      assertTrue(h.add(wake, Map.of("items", items)), "sample " + i);
      written.add(items);
    }
    assertEquals(2880, h.size(), "bounded: the oldest hour is gone");
    History.Window all = h.since(Long.MIN_VALUE);
    assertEquals(2880, all.times().size());
    assertEquals(T0 + (samples - 2880) * 5000L, all.times().getFirst(), "the oldest kept is 4 h before the last");
    assertEquals(T0 + (samples - 1) * 5000L, all.times().getLast());
    for (int i = 1; i < all.times().size(); i++) {
      assertEquals(5000L, all.times().get(i) - all.times().get(i - 1), "one sample per 5 s slot, at the slot start");
    }
    assertEquals(written.subList(samples - 2880, samples), all.series().get("items"), "values kept with their times");

    // A poll with the time of the last sample it has gets only the newer ones.
    long last = all.times().get(2870);
    History.Window newer = h.since(last);
    assertEquals(9, newer.times().size());
    assertEquals(written.subList(samples - 9, samples), newer.series().get("items"));
    assertEquals(0, h.since(all.times().getLast()).times().size());
  }

  @Test
  void takesOneSamplePerSlotAndNeverGoesBack() {
    History h = new History(Duration.ofSeconds(5), Duration.ofMinutes(1));
    assertTrue(h.add(T0 + 100, Map.of("x", 1.0)));
    assertFalse(h.isNewSlot(T0 + 4999), "same slot");
    assertFalse(h.add(T0 + 4999, Map.of("x", 2.0)), "a timer firing twice in one slot adds nothing");
    assertFalse(h.add(T0 - 5000, Map.of("x", 3.0)), "a clock stepped back adds nothing");
    assertTrue(h.add(T0 + 15_001, Map.of("x", 4.0)), "a missed slot is a gap, not a sample");
    History.Window w = h.since(Long.MIN_VALUE);
    assertEquals(List.of(T0, T0 + 15_000), w.times());
    assertEquals(List.of(1.0, 4.0), w.series().get("x"));
  }

  @Test
  void aSeriesSeenLateOrMissingHasNoValueThere() {
    History h = new History(Duration.ofSeconds(1), Duration.ofSeconds(3));
    h.add(T0, Map.of("items", 10.0));
    h.add(T0 + 1000, Map.of("items", 12.0, "dlq.EMPTY_IMAGE", 1.0));
    h.add(T0 + 2000, Map.of("items", 15.0, "train.loss", Double.NaN));
    h.add(T0 + 3000, Map.of("items", 19.0, "train.loss", 0.75)); // the ring (3) drops T0
    History.Window w = h.since(Long.MIN_VALUE);
    assertEquals(List.of(T0 + 1000, T0 + 2000, T0 + 3000), w.times());
    assertEquals(List.of(12.0, 15.0, 19.0), w.series().get("items"));
    List<Double> dlq = w.series().get("dlq.EMPTY_IMAGE");
    assertEquals(1.0, dlq.get(0));
    assertNull(dlq.get(1), "missing from a sample: null, not the old value");
    List<Double> loss = w.series().get("train.loss");
    assertNull(loss.get(0), "before the series existed");
    assertNull(loss.get(1), "NaN is served as null");
    assertEquals(0.75, loss.get(2));
  }

  @Test
  void refusesASizeItCannotKeep() {
    assertThrows(IllegalArgumentException.class, () -> new History(Duration.ZERO, Duration.ofHours(1)));
    assertThrows(IllegalArgumentException.class, () -> new History(Duration.ofSeconds(5), Duration.ofSeconds(1)));
    var e = assertThrows(IllegalArgumentException.class,
        () -> new History(Duration.ofMillis(10), Duration.ofDays(1)));
    assertTrue(e.getMessage().contains("8640000"), e.getMessage());
  }

  @Test
  void latencyWindowGivesEachIntervalsExactPercentilesAndStaysBounded() {
    LatencyWindow w = new LatencyWindow(1000, SEED);
    for (int ms = 1; ms <= 200; ms++) {
      w.record(ms);
    }
    LatencyWindow.Interval first = w.drain();
    assertEquals(200, first.count());
    assertEquals(100.0, first.p50Millis());
    assertEquals(198.0, first.p99Millis());
    LatencyWindow.Interval empty = w.drain();
    assertEquals(0, empty.count(), "drain starts a new interval");
    assertTrue(Double.isNaN(empty.p50Millis()));

    // 100,000 values, a tenth of them slow: the kept sample of 1,000 still tells p50 and p99 well.
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 100_000; i++) {
      w.record(random.nextInt(10) == 0 ? 500 + random.nextDouble(100) : 2 + random.nextDouble());
    }
    LatencyWindow.Interval busy = w.drain();
    assertEquals(100_000, busy.count(), "the count stays exact");
    assertTrue(busy.p50Millis() >= 2 && busy.p50Millis() < 3, "p50 " + busy.p50Millis());
    assertTrue(busy.p99Millis() >= 500 && busy.p99Millis() < 600, "p99 " + busy.p99Millis());
  }

  @Test
  void ratesArePerSecondBetweenReads() {
    Rates r = new Rates();
    assertTrue(Double.isNaN(r.perSecond("in", 100, T0)), "no rate on the first read");
    assertEquals(30.0, r.perSecond("in", 250, T0 + 5000), 1e-9);
    assertEquals(0.0, r.perSecond("in", 10, T0 + 10_000), "a counter that went down (a new pipeline)");
    assertTrue(Double.isNaN(r.perSecond("in", 20, T0 + 10_000)), "no time passed");
  }
}
