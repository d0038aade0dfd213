package com.hdcsearch.index.bench;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.Quantization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hdc bench index}: recall@k against exact search and queries per second over a sweep of search effort
 * (fanout), with build time and bytes per vector, for each quantization. Plain Java: no broker, no HTTP server.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Benchmark the Lucene HNSW index: recall@k vs exact search, QPS, build time, bytes per vector.")
public final class BenchIndexCommand implements Callable<Integer> {
  @Option(names = "--vectors", description = "Base vectors (fvecs); the last --queries of them are the queries."
      + " Default: seeded synthetic clustered vectors.")
  Path vectors;

  @Option(names = "--export", description = "Write base.fvecs, query.fvecs and groundtruth.ivecs (exact top 100).")
  Path export;

  @Option(names = "--count", defaultValue = "20000", description = "Base vectors (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--queries", defaultValue = "200", description = "Queries (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--dim", defaultValue = "64", description = "Dimension of synthetic vectors (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(names = "--clusters", defaultValue = "100", description = "Clusters of synthetic vectors (default: ${DEFAULT-VALUE}).")
  int clusters;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of synthetic vectors (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "-k", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--fanouts", split = ",", defaultValue = "0,10,40,100,200",
      description = "Extra candidates beyond k to sweep (default: ${DEFAULT-VALUE}).")
  int[] fanouts;

  @Option(names = "--quantization", split = ",", defaultValue = "NONE,INT7,INT4",
      description = "Encodings to compare (default: ${DEFAULT-VALUE}).")
  List<Quantization> quantizations;

  @Option(names = "--max-conn", defaultValue = "" + HnswConfig.DEFAULT_MAX_CONN, description = "HNSW maxConn.")
  int maxConn;

  @Option(names = "--beam-width", defaultValue = "" + HnswConfig.DEFAULT_BEAM_WIDTH, description = "HNSW beamWidth.")
  int beamWidth;

  @Option(names = "--seconds", defaultValue = "1", description = "Seconds per throughput point (default: ${DEFAULT-VALUE}).")
  double seconds;

  /** Ground truth written by --export: the usual depth of ANN benchmark files. */
  private static final int EXPORT_DEPTH = 100;

  public BenchIndexCommand() {}

  @Override
  public Integer call() throws Exception {
    float[][] all = vectors != null
        ? Vecs.readFvecs(vectors, count + queries)
        : SyntheticVectors.clustered(seed, count + queries, dimension, clusters);
    if (all.length <= queries) {
      throw new IllegalArgumentException("need more than " + queries + " vectors, got " + all.length);
    }
    for (float[] v : all) {
      SyntheticVectors.normalise(v); // the index scores by dot product, which is cosine only on unit vectors
    }
    float[][] base = Arrays.copyOfRange(all, 0, all.length - queries);
    float[][] query = Arrays.copyOfRange(all, all.length - queries, all.length);
    int[][] exact = ExactNeighbours.compute(base, query, Math.max(k, export != null ? EXPORT_DEPTH : k));
    System.out.printf("vectors: %d base, %d queries, dimension %d (%s)%n", base.length, query.length, base[0].length,
        vectors != null ? vectors : "synthetic, seed " + seed);
    if (export != null) {
      Files.createDirectories(export);
      Vecs.writeFvecs(export.resolve("base.fvecs"), base);
      Vecs.writeFvecs(export.resolve("query.fvecs"), query);
      Vecs.writeIvecs(export.resolve("groundtruth.ivecs"), exact);
      System.out.println("exported to " + export);
    }
    int threads = Runtime.getRuntime().availableProcessors();
    IndexBenchmark bench = new IndexBenchmark(base, query, exact, k, seconds, threads);
    System.out.printf("%-6s %8s %8s %10s %7s %10s %10s %10s%n", "quant", "add_s", "merge_s", "bytes/vec", "fanout",
        "recall@" + k, "qps_1t", "qps_" + threads + "t");
    for (Quantization q : quantizations) {
      HnswConfig config = new HnswConfig(maxConn, beamWidth, q, HnswConfig.DEFAULT_REFRESH_INTERVAL);
      IndexBenchmark.Result r = bench.run(config, fanouts);
      for (IndexBenchmark.Point p : r.points()) {
        System.out.printf("%-6s %8.2f %8.2f %10.0f %7d %10.3f %10.0f %10.0f%n", q, r.build().addSeconds(),
            r.build().mergeSeconds(), r.build().bytesPerVector(), p.fanout(), p.recall(), p.qpsOneThread(),
            p.qpsAllThreads());
      }
    }
    return 0;
  }
}
