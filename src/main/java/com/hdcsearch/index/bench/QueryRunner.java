package com.hdcsearch.index.bench;

import com.hdcsearch.index.SearchHit;
import com.hdcsearch.index.VectorIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Runs the held-out queries against an index: a timed single-thread pass and a timed pass on a fixed thread pool. */
final class QueryRunner implements AutoCloseable {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final double NANOS_PER_MILLI = 1e6;
  /** The serial pass runs on the calling thread: its CPU time, unlike wall time, does not grow when others share the cores. */
  private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

  private final int threads;
  private final ExecutorService pool;

  /** A runner whose throughput passes use {@code threads} workers. */
  QueryRunner(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got: " + threads);
    }
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "index-bench-query");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The result ids (base indices) of each query from one pass, plus one-thread rate and latencies over as many passes
   * as fill {@code minSeconds}.
   */
  SerialPass serial(VectorIndex index, float[][] queries, int k, int fanout, double minSeconds) {
    int[][] ids = new int[queries.length][];
    List<long[]> latencies = new ArrayList<>();
    long start = System.nanoTime();
    long cpuStart = THREAD_CPU.getCurrentThreadCpuTime();
    long elapsed;
    do {
      long[] nanos = new long[queries.length];
      for (int q = 0; q < queries.length; q++) {
        long t0 = System.nanoTime();
        int[] found = search(index, queries[q], k, fanout);
        nanos[q] = System.nanoTime() - t0;
        if (ids[q] == null) {
          ids[q] = found;
        }
      }
      latencies.add(nanos);
      elapsed = System.nanoTime() - start;
    } while (elapsed < minSeconds * NANOS_PER_SECOND);
    long cpu = THREAD_CPU.getCurrentThreadCpuTime() - cpuStart;
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    double qps = all.length / (elapsed / NANOS_PER_SECOND);
    return new SerialPass(ids, qps, percentile(all, 0.50) / NANOS_PER_MILLI, percentile(all, 0.99) / NANOS_PER_MILLI,
        all.length / (cpu / NANOS_PER_SECOND));
  }

  /** Queries per second with every worker pulling the next query: one whole pass, then on until {@code minSeconds}. */
  double throughput(VectorIndex index, float[][] queries, int k, int fanout, double minSeconds) {
    long deadline = System.nanoTime() + (long) (minSeconds * NANOS_PER_SECOND);
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    List<Future<?>> workers = new ArrayList<>(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers.add(pool.submit(() -> {
        // At least one whole pass; then queries go on in the same order until the deadline.
        for (long i = next.getAndIncrement(); i < queries.length || System.nanoTime() < deadline;
            i = next.getAndIncrement()) {
          search(index, queries[(int) (i % queries.length)], k, fanout);
          done.incrementAndGet();
        }
      }));
    }
    for (Future<?> worker : workers) {
      try {
        worker.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted during the throughput pass", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("A query failed during the throughput pass", e.getCause());
      }
    }
    return done.get() / ((System.nanoTime() - start) / NANOS_PER_SECOND);
  }

  /** Base indices of the hits; item ids are the base indices as decimal strings. */
  private static int[] search(VectorIndex index, float[] query, int k, int fanout) {
    List<SearchHit> hits = index.search(query, k, fanout, null);
    int[] ids = new int[hits.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Integer.parseInt(hits.get(i).itemId());
    }
    return ids;
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** The ids of one serial pass, and its rate and latency percentiles. */
  record SerialPass(int[][] ids, double qps, double p50Millis, double p99Millis, double qpsPerCpuSecond) {}
}
