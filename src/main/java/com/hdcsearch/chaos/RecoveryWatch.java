package com.hdcsearch.chaos;

import com.hdcsearch.process.ServiceHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Times a restarted service's recovery, the same way for both campaigns: polls until a lookup of one of the probes
 * (items searchable before the kill; one may have been deleted since) answers 200 and readiness is UP.
 */
final class RecoveryWatch {
  private static final Duration POLL = Duration.ofMillis(100);

  private RecoveryWatch() {}

  /**
   * Returns {kill to first answered lookup, kill to ready}.
   *
   * @param name the service, for errors
   * @param where what to show when it fails (a log tail, a log path)
   */
  static Duration[] await(String name, BooleanSupplier alive, BooleanSupplier ready, ServiceHttp http,
      List<String> probes, int k, long killedNanos, Duration timeout, Supplier<String> where)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration lookup = null;
    Duration up = null;
    while (lookup == null || up == null) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException(name + " exited after its restart; " + where.get());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + ": no lookup answered or not ready within " + timeout
            + " of the restart; " + where.get());
      }
      if (lookup == null) {
        try {
          for (String probe : probes) {
            if (http.similarStatus(probe, k) == 200) {
              lookup = Duration.ofNanos(System.nanoTime() - killedNanos);
              break;
            }
          }
        } catch (IOException notYet) {
          // not listening yet
        }
      }
      if (up == null && ready.getAsBoolean()) {
        up = Duration.ofNanos(System.nanoTime() - killedNanos);
      }
      Thread.sleep(POLL.toMillis());
    }
    return new Duration[] {lookup, up};
  }
}
