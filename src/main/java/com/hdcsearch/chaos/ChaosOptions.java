package com.hdcsearch.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A crash campaign's settings.
 *
 * @param cycles kill -9 and restart this many times
 * @param seed draws the phases, the moments inside them and the catalog's changes
 * @param phases the phases drawn from (each about equally often)
 * @param initialItems items streamed before the first cycle
 * @param rate records per second while a cycle streams
 * @param phaseTimeout longest wait for a phase; then the kill lands where the service is, and the cycle says so
 * @param convergeTimeout longest wait after a restart for the served catalog to match the producer's log
 * @param hold the service's {@code hdc.stream.phase-hold}
 * @param service further {@code -D} settings of the child service
 * @param jar the packaged service
 * @param home the service's home; null = a new temporary one
 * @param keepHome keep the home at the end
 */
public record ChaosOptions(int cycles, long seed, List<CrashPhase> phases, int initialItems, double rate,
    Duration phaseTimeout, Duration convergeTimeout, Duration hold, Map<String, String> service, Path jar, Path home,
    boolean keepHome) {
  public ChaosOptions {
    if (cycles < 1) {
      throw new IllegalArgumentException("cycles must be at least 1, got: " + cycles);
    }
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("at least one crash phase is needed");
    }
    if (initialItems < 10) {
      throw new IllegalArgumentException("initial items must be at least 10, got: " + initialItems);
    }
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be positive, got: " + rate);
    }
    phases = List.copyOf(phases);
    service = Map.copyOf(service);
  }
}
