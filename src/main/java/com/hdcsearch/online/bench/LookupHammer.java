package com.hdcsearch.online.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls {@code /api/items/{id}/similar?k=10} on already indexed items from several threads until closed. Counts
 * answers, failed lookups (not 200, or fewer than k results) and, per model version named in the answers, how many
 * answers arrived in each wall-clock second, so that {@link VersionTimeline} can check each against the versions
 * that were serving then.
 */
final class LookupHammer implements AutoCloseable {
  static final int K = 10;
  /** Answers without a model version are booked under this name (always counted as mixed). */
  static final String NO_VERSION = "<none>";

  private final ServiceClient client;
  private final List<String> pool = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final long pauseMillis;
  private final LongAdder answers = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final Map<String, Map<Long, LongAdder>> perVersionSecond = new ConcurrentHashMap<>();
  private final AtomicLong latencyNanos = new AtomicLong();
  private volatile boolean running = true;

  LookupHammer(ServiceClient client, int threadCount, long pauseMillis, long seed) {
    this.client = client;
    this.pauseMillis = pauseMillis;
    for (int t = 0; t < threadCount; t++) {
      Random random = new Random(seed + t);
      Thread thread = new Thread(() -> loop(random), "bench-lookup-" + t);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  /** Items that are searchable now and stay so: lookups draw from these (none yet: threads wait). */
  void addIndexed(List<String> itemIds) {
    pool.addAll(itemIds);
  }

  void start() {
    threads.forEach(Thread::start);
  }

  private void loop(Random random) {
    try {
      while (running) {
        if (pool.isEmpty()) {
          Thread.sleep(50);
          continue;
        }
        String id = pool.get(random.nextInt(pool.size()));
        long t0 = System.nanoTime();
        ServiceClient.Answer a;
        try {
          a = client.similar(id, K);
        } catch (java.io.IOException e) {
          a = new ServiceClient.Answer(-1, null, List.of(), List.of());
          firstFailure.compareAndSet(null, id + ": " + e);
        }
        latencyNanos.addAndGet(System.nanoTime() - t0);
        answers.increment();
        if (a.status() != 200 || a.itemIds().size() < K) {
          failed.increment();
          firstFailure.compareAndSet(null, id + ": status " + a.status() + ", " + a.itemIds().size() + " results");
        }
        if (a.status() == 200) {
          String version = a.modelVersion() == null || a.modelVersion().isBlank() ? NO_VERSION : a.modelVersion();
          perVersionSecond.computeIfAbsent(version, v -> new ConcurrentSkipListMap<>())
              .computeIfAbsent(System.currentTimeMillis() / 1000, s -> new LongAdder()).increment();
        }
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long answers() {
    return answers.sum();
  }

  long failed() {
    return failed.sum();
  }

  String firstFailure() {
    return firstFailure.get();
  }

  double meanLatencyMillis() {
    long n = answers.sum();
    return n == 0 ? 0 : latencyNanos.get() / 1e6 / n;
  }

  /** Answers per version per epoch second (received then). */
  Map<String, Map<Long, LongAdder>> perVersionSecond() {
    return perVersionSecond;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.interrupt();
      t.join(15_000);
    }
  }
}
