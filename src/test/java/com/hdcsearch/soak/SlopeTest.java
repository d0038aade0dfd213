package com.hdcsearch.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlopeTest {
  @Test
  void aLineThroughNoiseGivesItsSlopePerHour() {
    long seed = 7;
    Random random = new Random(seed);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < 360; i++) {
      double t = i * 10.0;
      points.add(new double[] {t, 500 + 0.01 * t + random.nextGaussian()}); // 36 per hour
    }
    assertEquals(36.0, Slope.perHour(points, p -> p[0], p -> p[1]), 0.5, "seed " + seed);
  }

  @Test
  void aFlatSeriesHasNoSlopeAndTooFewPointsAreRefused() {
    List<double[]> flat = List.of(new double[] {0, 3}, new double[] {60, 3}, new double[] {120, 3});
    assertEquals(0.0, Slope.perHour(flat, p -> p[0], p -> p[1]), 1e-12);
    assertThrows(IllegalArgumentException.class,
        () -> Slope.perHour(List.of(new double[] {0, 1}), p -> p[0], p -> p[1]));
    assertThrows(IllegalArgumentException.class,
        () -> Slope.perHour(List.of(new double[] {5, 1}, new double[] {5, 2}), p -> p[0], p -> p[1]));
  }

  @Test
  void theHeapFloorIsTheLeastHeapOfEachMinute() {
    // A sawtooth that climbs 100 MiB/h at its peaks while its floor stays flat: no leak.
    List<ProcessSample> samples = new ArrayList<>();
    for (int i = 0; i < 360; i++) {
      double t = i * 10.0;
      long floor = 200L << 20;
      long heap = i % 6 == 0 ? floor : floor + (long) ((100.0 / 3600 * t) * (1 << 20)) + ((i % 6) << 20);
      samples.add(new ProcessSample(t, 1L << 30, heap, 100, 50));
    }
    List<double[]> floors = SoakResult.heapFloors(samples);
    assertEquals(60, floors.size());
    assertEquals(0.0, Slope.perHour(floors, p -> p[0], p -> p[1] / (1 << 20)), 1e-9);
  }

  @Test
  void readsTheHeapPoolsFromPrometheusText() {
    String text = """
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E7
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
        """;
    assertEquals(35_000_000L, ProcessSampler.heapOf(text));
    assertThrows(IllegalStateException.class, () -> ProcessSampler.heapOf("up 1\n"));
  }
}
