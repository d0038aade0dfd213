package com.hdcsearch.chaos;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Watches a count that grows while ingest flows (the producer's acknowledgements) on a thread of its own and keeps the
 * longest time it stood still: how long a broker's death stalled ingest. Started at the kill, stopped when the
 * producer stops.
 */
final class IngestStall implements AutoCloseable {
  /** Between two looks at the count: the resolution of the figure. */
  static final Duration POLL = Duration.ofMillis(20);

  private final LongSupplier count;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long longestNanos;

  /** Starts watching {@code count} now. */
  IngestStall(LongSupplier count) {
    this.count = count;
    this.thread = new Thread(this::watch, "chaos-ingest-stall");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    long last = count.getAsLong();
    long since = System.nanoTime();
    while (running) {
      long now = count.getAsLong();
      long t = System.nanoTime();
      if (now != last) {
        last = now;
        since = t;
      }
      longestNanos = Math.max(longestNanos, t - since);
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops watching; the longest time the count stood still since the start. */
  Duration stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
    return Duration.ofNanos(longestNanos);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
