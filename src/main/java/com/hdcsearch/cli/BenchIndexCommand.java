package com.hdcsearch.cli;

import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.Quantization;
import com.hdcsearch.index.bench.BenchData;
import com.hdcsearch.index.bench.BenchReport;
import com.hdcsearch.index.bench.BenchSettings;
import com.hdcsearch.index.bench.DatasetEmbeddingSource;
import com.hdcsearch.index.bench.FvecsSource;
import com.hdcsearch.index.bench.IndexBench;
import com.hdcsearch.index.bench.SyntheticVectors;
import com.hdcsearch.index.bench.VariantResult;
import com.hdcsearch.index.bench.VectorSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hdc bench index}: recall, speed and size of the Lucene HNSW index per quantization over a search-effort sweep. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
        "Builds the Lucene HNSW index once per quantization (force-merged to one segment) and sweeps the search"
            + " effort: recall@k against exact search, queries/s with 1 and N threads, p50/p99 latency, build time,"
            + " bytes per vector. Vectors are normalised to unit length; --queries of them (chosen by --seed) are"
            + " held out as queries, the rest is indexed.",
        "With --dataset the vectors are the REAL embeddings of a catalog: the first --count images of --split, embedded"
            + " by --checkpoint or the service's default untrained network.",
        "Without --vectors or --dataset the vectors are SYNTHETIC (clustered, 384-d, three 128-d levels); the output"
            + " says so.",
        "--export DIR writes the same job for faiss/hnswlib: base.fvecs (indexed vectors, in id order),"
            + " query.fvecs (held-out queries), groundtruth.ivecs (per query its exact top-k as 0-based base.fvecs"
            + " row numbers, nearest first). fvecs: per vector an int32 little-endian dimension, then that many"
            + " float32 LE; ivecs: the same with int32 values."})
public final class BenchIndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--vectors", paramLabel = "FILE.fvecs", description = "Input vectors (fvecs). Default: synthetic (or --dataset).")
  Path vectors;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "Bench the real embeddings of the first --count images of this data set (e.g. fashion-mnist).")
  String dataset;

  @Option(names = "--split", paramLabel = "S", description = "Split embedded with --dataset (default: ${DEFAULT-VALUE}).")
  String split = "train";

  @Option(names = "--checkpoint", paramLabel = "DIR",
      description = "Model for --dataset (default: the untrained built-in network the service serves by default).")
  Path checkpoint;

  @Option(names = "--count", paramLabel = "N",
      description = "Vectors to generate or images to embed (default: ${DEFAULT-VALUE}).")
  int count = SyntheticVectors.DEFAULT_COUNT;

  @Option(names = "--queries", paramLabel = "N", description = "Held-out query vectors (default: ${DEFAULT-VALUE}).")
  int queries = DEFAULT_QUERIES;

  @Option(names = "--k", paramLabel = "K", description = "Neighbours per query, recall@K (default: ${DEFAULT-VALUE}).")
  int k = BenchSettings.DEFAULT_K;

  @Option(names = "--candidates", split = ",", paramLabel = "C",
      description = "Search-effort sweep, candidates per query = k + fanout (default: 10,20,50,100,200,400 from k up).")
  List<Integer> candidates;

  @Option(names = "--variants", split = ",", paramLabel = "Q",
      description = "Quantizations to build, any of none, int7, int4, int2, int1 (default: all).")
  List<String> variants;

  @Option(names = "--export", paramLabel = "DIR", description = "Also write base.fvecs, query.fvecs, groundtruth.ivecs.")
  Path export;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the synthetic set and the query hold-out (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULT_SEED;

  @Option(names = "--threads", paramLabel = "N", description = "Threads of the throughput pass (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  /** 1,000 queries: recall to about +-0.005 at 10 neighbours each. */
  static final int DEFAULT_QUERIES = 1_000;
  static final long DEFAULT_SEED = 42L;
  /** Seed of the untrained network that the service serves without a checkpoint (hdc.model.seed). */
  static final long SERVING_SEED = 42L;

  /** Vectors used without --vectors; null means the synthetic set. */
  private final VectorSource defaultSource;

  /** Without --vectors, benches {@link SyntheticVectors} of {@code --count} and {@code --seed}. */
  public BenchIndexCommand() {
    this(null);
  }

  /** Without --vectors, benches {@code defaultSource} (e.g. the catalog's embeddings); null means synthetic. */
  public BenchIndexCommand(VectorSource defaultSource) {
    this.defaultSource = defaultSource;
  }

  @Override
  public Integer call() {
    BenchSettings settings = settings();
    VectorSource source = source();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      float[][] all = source.load();
      long t0 = System.nanoTime();
      BenchData data = BenchData.split(all, queries, k, seed);
      double exactSeconds = (System.nanoTime() - t0) / 1e9;
      out.println("# hdc bench index");
      out.println();
      out.println("vectors: " + source.description());
      out.printf(Locale.ROOT, "job: base=%d queries=%d dim=%d k=%d seed=%d threads=%d cores=%d maxConn=%d"
              + " beamWidth=%d simd=%s%n", data.base().length, data.queries().length, data.dimension(), k, seed,
          threads, Runtime.getRuntime().availableProcessors(), settings.hnsw().maxConn(), settings.hnsw().beamWidth(),
          ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
      out.printf(Locale.ROOT, "ground truth: exact top-%d of every query (ExactNeighbours), %.2f s%n", k, exactSeconds);
      if (export != null) {
        data.export(export);
        out.println("exported: " + export.resolve(BenchData.BASE_FILE) + ", " + export.resolve(BenchData.QUERY_FILE)
            + ", " + export.resolve(BenchData.GROUND_TRUTH_FILE));
      }
      out.flush();
      List<VariantResult> results = new IndexBench(settings, line -> {
        err.println("hdc bench index: " + line);
        err.flush();
      }).run(data, Path.of(System.getProperty("java.io.tmpdir")));
      out.println();
      out.print(BenchReport.buildTable(results));
      out.println();
      out.print(BenchReport.searchTable(results, k, threads));
      out.println();
      for (VariantResult r : results) {
        out.println(BenchReport.summaryLine(r, k, settings.summaryCandidates(), threads));
      }
      out.flush();
      return 0;
    } catch (IOException | IllegalArgumentException | MissingDatasetException e) {
      err.println("hdc bench index: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** The options as settings; a bad value is a usage error naming the option and the value. */
  private BenchSettings settings() {
    check(k >= 1, "--k must be at least 1, got: " + k);
    check(queries >= 1, "--queries must be at least 1, got: " + queries);
    check(threads >= 1, "--threads must be at least 1, got: " + threads);
    check(count >= 1, "--count must be at least 1, got: " + count);
    List<Integer> sweep = candidates == null ? BenchSettings.defaultCandidates(k) : candidates;
    for (int c : sweep) {
      check(c >= k, "--candidates must each be at least --k " + k + ", got: " + c);
    }
    List<Quantization> qs =
        variants == null ? List.of(Quantization.values()) : variants.stream().map(this::quantization).toList();
    return new BenchSettings(k, sweep, threads, qs, HnswConfig.defaults(), BenchSettings.DEFAULT_MIN_PASS_SECONDS);
  }

  private Quantization quantization(String name) {
    for (Quantization q : Quantization.values()) {
      if (q.name().equalsIgnoreCase(name.strip())) {
        return q;
      }
    }
    throw new ParameterException(spec.commandLine(), "--variants must each be one of "
        + Arrays.toString(Quantization.values()).toLowerCase(Locale.ROOT) + ", got: " + name);
  }

  private VectorSource source() {
    check(vectors == null || dataset == null, "--vectors and --dataset are exclusive: give one source of vectors");
    if (vectors != null) {
      check(Files.isRegularFile(vectors), "--vectors file not found: " + vectors);
      return new FvecsSource(vectors);
    }
    if (dataset != null) {
      check(checkpoint == null || Files.isDirectory(checkpoint), "--checkpoint directory not found: " + checkpoint);
      // The service's default model: the built-in network on Fashion-MNIST-sized grey input (ModelSettings).
      return new DatasetEmbeddingSource(dataset, split, count, checkpoint, ImageSpec.grey(28), SERVING_SEED);
    }
    return defaultSource != null ? defaultSource : SyntheticVectors.withDefaults(count, seed);
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
