package com.hdcsearch.index.bench;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.Quantization;
import com.hdcsearch.peers.PythonPeer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code hdc bench ann-peer}: one vector set, three engines. Exports the job ({@link BenchData#export}), runs the peers
 * (hnswlib and faiss, {@code load-tests/peers/ann_peer.py}) with the same M, construction beam and effort sweep, then
 * Lucene through the service's own {@link com.hdcsearch.index.VectorIndex} (unquantized, int7, int4, int2 and int1 with
 * full-precision rescoring), and compares queries/s on one thread at the first effort that reaches the target recall.
 */
public final class AnnPeerBench {
  /** The recall at which engines are compared. */
  public static final double TARGET_RECALL = 0.95;
  private static final String PEER_SCRIPT = "ann_peer.py";
  private static final List<String> PEER_PACKAGES =
      List.of("python3-numpy:numpy", "python3-hnswlib:hnswlib", "python3-faiss:faiss");

  private final BenchSettings settings;
  private final PythonPeer peer;
  private final PrintStream out;
  private final Consumer<String> log;

  /** {@code settings.threads()} is the peers' and Lucene's build (merge) threads; search is always one thread. */
  public AnnPeerBench(BenchSettings settings, PythonPeer peer, PrintStream out, Consumer<String> log) {
    this.settings = settings;
    this.peer = peer;
    this.out = out;
    this.log = log;
  }

  /** Benches {@code data} (named {@code set}) on every engine; prints its table and its summary line. */
  public List<PeerRow> run(String set, String description, BenchData data, Path work) throws IOException {
    peer.ensure(PEER_PACKAGES);
    Path dir = Files.createDirectories(work.resolve(set));
    data.export(dir);
    HnswConfig hnsw = settings.hnsw();
    out.printf(Locale.ROOT, "## set %s: %s%njob: base=%d queries=%d dim=%d k=%d M=%d beam=%d build threads=%d"
            + " cores=%d efforts=%s%n", set, description, data.base().length, data.queries().length, data.dimension(),
        settings.k(), hnsw.maxConn(), hnsw.beamWidth(), settings.threads(), Runtime.getRuntime().availableProcessors(),
        settings.candidates());
    out.flush();
    List<PeerRow> rows = new ArrayList<>();
    List<String> args = List.of("--dir", dir.toString(), "--m", Integer.toString(hnsw.maxConn()),
        "--ef-construction", Integer.toString(hnsw.beamWidth()), "--k", Integer.toString(settings.k()),
        "--ef", settings.candidates().stream().map(String::valueOf).collect(Collectors.joining(",")),
        "--build-threads", Integer.toString(settings.threads()),
        "--min-seconds", Double.toString(settings.minPassSeconds()),
        "--passes", Integer.toString(IndexBench.TIMED_PASSES));
    for (String line : peer.script(PEER_SCRIPT, args)) {
      if (line.startsWith("peer ")) {
        log.accept(set + ": " + line);
        rows.add(new PeerRow(PythonPeer.field(line, "engine"), Integer.parseInt(PythonPeer.field(line, "ef")),
            Double.parseDouble(PythonPeer.field(line, "recall")), Double.parseDouble(PythonPeer.field(line, "qps")),
            Double.parseDouble(PythonPeer.field(line, "cpu_qps")), Double.parseDouble(PythonPeer.field(line, "build_s"))));
      }
    }
    for (VariantResult v : new IndexBench(settings, line -> log.accept(set + ": " + line)).run(data, work)) {
      for (EffortResult e : v.efforts()) {
        rows.add(new PeerRow("lucene-" + v.name(), e.candidates(), e.recall(), e.qpsOneThread(), e.qpsPerCpuSecond(),
            v.buildSeconds()));
      }
    }
    out.print(table(rows));
    out.println(summaryLine(set, rows));
    out.flush();
    return rows;
  }

  /** Markdown: every engine and effort, then each engine's fastest effort at the target recall. */
  static String table(List<PeerRow> rows) {
    StringBuilder s = new StringBuilder("| engine | effort | recall@10 | QPS (1 thread) | QPS per CPU s | build s |\n"
        + "|---|---|---|---|---|---|\n");
    for (PeerRow r : rows) {
      s.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.0f | %.0f | %.1f |%n", r.engine(), r.effort(),
          r.recall(), r.qps(), r.cpuQps(), r.buildSeconds()));
    }
    Optional<PeerRow> hnswlib = atTarget(rows, "hnswlib");
    s.append(String.format(Locale.ROOT, "%nAt recall@10 >= %.2f (the least effort that reaches it):%n%n"
        + "| engine | effort | recall@10 | QPS | QPS / hnswlib | QPS per CPU s / hnswlib's | build s / hnswlib |%n"
        + "|---|---|---|---|---|---|---|%n", TARGET_RECALL));
    for (String engine : rows.stream().map(PeerRow::engine).distinct().toList()) {
      Optional<PeerRow> r = atTarget(rows, engine);
      if (r.isEmpty()) {
        s.append("| ").append(engine).append(" | - | never reached | - | - | - | - |\n");
        continue;
      }
      PeerRow p = r.get();
      s.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.0f | %s | %s | %s |%n", engine, p.effort(),
          p.recall(), p.qps(), hnswlib.map(h -> String.format(Locale.ROOT, "%.2f", p.qps() / h.qps())).orElse("-"),
          hnswlib.map(h -> String.format(Locale.ROOT, "%.2f", p.cpuQps() / h.cpuQps())).orElse("-"),
          hnswlib.map(h -> String.format(Locale.ROOT, "%.2f", p.buildSeconds() / h.buildSeconds())).orElse("-")));
    }
    return s.toString();
  }

  /**
   * The least effort of {@code engine} whose recall reaches {@link #TARGET_RECALL}: the fastest one, since more effort
   * costs more; chosen by effort and not by measured rate, which on shared cores is noisy.
   */
  static Optional<PeerRow> atTarget(List<PeerRow> rows, String engine) {
    return rows.stream().filter(r -> r.engine().equals(engine) && r.recall() >= TARGET_RECALL)
        .min(Comparator.comparingInt(PeerRow::effort));
  }

  /**
   * {@code ann-peer set=.. lucene_qps=.. hnswlib_qps=.. faiss_qps=.. ratio_hnswlib=.. recall=..} at the target recall
   * (Lucene unquantized; its recall), then the quantized variants' ratios and the build-time ratio; 0 where an
   * engine never reached the target.
   */
  static String summaryLine(String set, List<PeerRow> rows) {
    double lucene = qps(rows, "lucene-none");
    double hnswlib = qps(rows, "hnswlib");
    double faiss = qps(rows, "faiss");
    double recall = atTarget(rows, "lucene-none").map(PeerRow::recall).orElse(0.0);
    double build = rows.stream().filter(r -> r.engine().equals("lucene-none")).findFirst().map(PeerRow::buildSeconds)
        .orElse(Double.NaN);
    double hnswBuild = rows.stream().filter(r -> r.engine().equals("hnswlib")).findFirst().map(PeerRow::buildSeconds)
        .orElse(Double.NaN);
    return String.format(Locale.ROOT, "ann-peer set=%s lucene_qps=%.0f hnswlib_qps=%.0f faiss_qps=%.0f"
            + " ratio_hnswlib=%.2f recall=%.3f ratio_int7=%.2f ratio_int4=%.2f build_ratio=%.2f cpu_ratio_hnswlib=%.2f"
            + " cpu_ratio_int7=%.2f cpu_ratio_int4=%.2f ratio_int2=%.2f ratio_int1=%.2f", set, lucene, hnswlib,
        faiss, ratio(lucene, hnswlib), recall, ratio(qps(rows, "lucene-int7"), hnswlib),
        ratio(qps(rows, "lucene-int4"), hnswlib), build / hnswBuild,
        ratio(cpuQps(rows, "lucene-none"), cpuQps(rows, "hnswlib")),
        ratio(cpuQps(rows, "lucene-int7"), cpuQps(rows, "hnswlib")),
        ratio(cpuQps(rows, "lucene-int4"), cpuQps(rows, "hnswlib")),
        ratio(qps(rows, "lucene-int2"), hnswlib), ratio(qps(rows, "lucene-int1"), hnswlib));
  }

  private static double qps(List<PeerRow> rows, String engine) {
    return atTarget(rows, engine).map(PeerRow::qps).orElse(0.0);
  }

  private static double cpuQps(List<PeerRow> rows, String engine) {
    return atTarget(rows, engine).map(PeerRow::cpuQps).orElse(0.0);
  }

  private static double ratio(double a, double b) {
    return b > 0 ? a / b : 0;
  }

  /**
   * The bench's settings: every quantization, the given graph and sweep; {@code threads} build threads (parallel
   * upserts and merge workers), as the peers get.
   */
  public static BenchSettings settings(int k, List<Integer> candidates, int threads, HnswConfig hnsw) {
    return new BenchSettings(k, candidates, threads, List.of(Quantization.values()), hnsw.withMergeWorkers(threads),
        BenchSettings.DEFAULT_MIN_PASS_SECONDS);
  }
}
