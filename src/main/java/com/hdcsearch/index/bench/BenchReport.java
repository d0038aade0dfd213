package com.hdcsearch.index.bench;

import java.util.List;
import java.util.Locale;

/** Formats {@link IndexBench} results: a Markdown table per concern and one summary line per variant. */
public final class BenchReport {
  private BenchReport() {}

  /** Build cost and size per variant. */
  public static String buildTable(List<VariantResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| variant | vectors | dim | build s | bytes/vector (disk) | graph+scored bytes/vector | raw float bytes/vector |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (VariantResult r : results) {
      double search = r.searchBytesPerVector();
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.1f | %s | %d |%n", r.name(), r.vectors(),
          r.dimension(), r.buildSeconds(), r.bytesPerVector(), Double.isNaN(search) ? "n/a" : fmt1(search),
          r.rawFloatBytesPerVector()));
    }
    return out.toString();
  }

  /** Recall, rates and latencies per variant and effort. */
  public static String searchTable(List<VariantResult> results, int k, int threads) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "| variant | candidates | recall@%d | qps 1 thread | qps %d threads | p50 ms | p99 ms |%n", k, threads));
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (VariantResult r : results) {
      for (EffortResult e : r.efforts()) {
        out.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.0f | %.0f | %.3f | %.3f |%n", r.name(),
            e.candidates(), e.recall(), e.qpsOneThread(), e.qpsAllThreads(), e.p50Millis(), e.p99Millis()));
      }
    }
    return out.toString();
  }

  /** {@code index variant=none recall@10=0.97 qps_1t=.. qps_all=.. build_s=.. bytes_per_vector=..} at one effort. */
  public static String summaryLine(VariantResult r, int k, int candidates, int threads) {
    EffortResult e = r.at(candidates);
    return String.format(Locale.ROOT,
        "index variant=%s recall@%d=%.4f qps_1t=%.0f qps_all=%.0f threads=%d p50_ms=%.3f p99_ms=%.3f build_s=%.2f"
            + " bytes_per_vector=%.1f raw_float_bytes=%d candidates=%d",
        r.name(), k, e.recall(), e.qpsOneThread(), e.qpsAllThreads(), threads, e.p50Millis(), e.p99Millis(),
        r.buildSeconds(), r.bytesPerVector(), r.rawFloatBytesPerVector(), candidates);
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
