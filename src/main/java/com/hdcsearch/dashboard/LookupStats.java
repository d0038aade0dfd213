package com.hdcsearch.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lookups answered, per kind, as the HTTP layer saw them ({@link LookupTimingFilter}): the latency of each answered
 * one (2xx) into an interval window, and a running count of answers and of errors (4xx/5xx), for the dashboard's
 * rate and latency charts.
 */
@ApplicationScoped
public class LookupStats {
  private final Map<LookupKind, LatencyWindow> latencies = new EnumMap<>(LookupKind.class);
  private final Map<LookupKind, AtomicLong> answered = new EnumMap<>(LookupKind.class);
  private final Map<LookupKind, AtomicLong> errors = new EnumMap<>(LookupKind.class);

  public LookupStats() {
    for (LookupKind kind : LookupKind.values()) {
      latencies.put(kind, new LatencyWindow());
      answered.put(kind, new AtomicLong());
      errors.put(kind, new AtomicLong());
    }
  }

  /** One lookup answered with {@code status} after {@code millis}. */
  public void record(LookupKind kind, int status, double millis) {
    answered.get(kind).incrementAndGet();
    if (status >= 200 && status < 300) {
      latencies.get(kind).record(millis);
    } else {
      errors.get(kind).incrementAndGet();
    }
  }

  /** The interval's latencies of successful lookups; starts the next interval. */
  public LatencyWindow.Interval drain(LookupKind kind) {
    return latencies.get(kind).drain();
  }

  /** Lookups answered so far, errors included. */
  public long answered(LookupKind kind) {
    return answered.get(kind).get();
  }

  /** Lookups answered with an error so far. */
  public long errors(LookupKind kind) {
    return errors.get(kind).get();
  }
}
