package com.hdcsearch.index.bench;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.SearchHit;
import com.hdcsearch.index.VectorIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.store.FSDirectory;

/** Builds a {@link VectorIndex} of given vectors on disk and measures recall and throughput over a fanout sweep. */
public final class IndexBenchmark {
  private static final String VERSION = "bench";

  /**
   * The cost of building the index.
   *
   * @param addSeconds time to add every vector (HNSW insertion happens here)
   * @param mergeSeconds time to merge into one segment, i.e. one graph
   * @param bytesPerVector index size on disk divided by the vector count
   */
  public record Build(double addSeconds, double mergeSeconds, double bytesPerVector) {}

  /**
   * One point of the sweep.
   *
   * @param fanout extra candidates explored beyond k
   * @param recall mean recall@k against exact search
   * @param qpsOneThread queries per second on one thread
   * @param qpsAllThreads queries per second on all threads
   */
  public record Point(int fanout, double recall, double qpsOneThread, double qpsAllThreads) {}

  /** Build cost and sweep of one configuration. */
  public record Result(HnswConfig config, Build build, List<Point> points) {}

  private final float[][] base;
  private final float[][] queries;
  private final int[][] exact;
  private final int k;
  private final double secondsPerPoint;
  private final int threads;

  /** {@code exact}: the true neighbours of each query (at least k each), best first. */
  public IndexBenchmark(float[][] base, float[][] queries, int[][] exact, int k, double secondsPerPoint, int threads) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
    this.base = base;
    this.queries = queries;
    this.exact = exact;
    this.k = k;
    this.secondsPerPoint = secondsPerPoint;
    this.threads = threads;
  }

  /** Builds with {@code config} in a temporary directory, sweeps {@code fanouts}, and deletes the directory. */
  public Result run(HnswConfig config, int[] fanouts) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("hdc-bench-index");
    try (VectorIndex index = VectorIndex.open(FSDirectory.open(dir), VERSION, base[0].length, config)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < base.length; i++) {
        index.upsert(Integer.toString(i), null, VERSION, base[i]);
      }
      index.commit(Map.of());
      long t1 = System.nanoTime();
      index.forceMerge(1);
      index.commit(Map.of());
      long t2 = System.nanoTime();
      Build build = new Build((t1 - t0) / 1e9, (t2 - t1) / 1e9, (double) index.sizeInBytes() / base.length);
      List<Point> points = new ArrayList<>();
      qps(index, fanouts[fanouts.length - 1], threads); // warm-up: JIT and page cache, not measured
      for (int fanout : fanouts) {
        points.add(new Point(fanout, recall(index, fanout), qps(index, fanout, 1), qps(index, fanout, threads)));
      }
      return new Result(config, build, points);
    } finally {
      deleteTree(dir);
    }
  }

  private double recall(VectorIndex index, int fanout) {
    long found = 0;
    for (int q = 0; q < queries.length; q++) {
      Set<Integer> truth = new HashSet<>();
      for (int i = 0; i < k; i++) {
        truth.add(exact[q][i]);
      }
      for (SearchHit hit : index.search(queries[q], k, fanout, null)) {
        found += truth.contains(Integer.parseInt(hit.itemId())) ? 1 : 0;
      }
    }
    return (double) found / ((long) queries.length * k);
  }

  /** Runs the queries round-robin on {@code n} threads for {@code secondsPerPoint}; returns queries per second. */
  private double qps(VectorIndex index, int fanout, int n) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      long end = System.nanoTime() + (long) (secondsPerPoint * 1e9);
      long start = System.nanoTime();
      List<Future<Long>> workers = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        int offset = t;
        workers.add(pool.submit(() -> {
          long done = 0;
          for (int q = offset; System.nanoTime() < end; q = (q + 1) % queries.length) {
            index.search(queries[q], k, fanout, null);
            done++;
          }
          return done;
        }));
      }
      long total = 0;
      for (Future<Long> w : workers) {
        total += w.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("A benchmark query failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
