package com.hdcsearch.index.bench;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.Quantization;
import java.util.List;

/**
 * What {@link IndexBench} measures.
 *
 * @param k neighbours per query (recall@k)
 * @param candidates the search-effort sweep: candidates explored per query ({@code k + fanout}), each at least k
 * @param threads worker threads of the throughput pass (all cores by default)
 * @param variants the index variants, one quantization each
 * @param hnsw graph parameters shared by every variant (its quantization is replaced per variant)
 * @param minPassSeconds a timed pass repeats the queries until it has run at least this long, for stable rates
 */
public record BenchSettings(
    int k, List<Integer> candidates, int threads, List<Quantization> variants, HnswConfig hnsw, double minPassSeconds) {
  /** Ten neighbours, as the similar-items page shows. */
  public static final int DEFAULT_K = 10;
  /** From no fanout to 40x the results. */
  public static final List<Integer> DEFAULT_CANDIDATES = List.of(10, 20, 50, 100, 200, 400);
  /** The effort of the one-line summary (the sweep entry nearest to it is used). */
  public static final int SUMMARY_CANDIDATES = 100;
  /** Half a second per timed pass: enough repetitions that a 2-core machine gives steady figures. */
  public static final double DEFAULT_MIN_PASS_SECONDS = 0.5;

  public BenchSettings {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
    if (candidates == null || candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must name at least one effort, got: " + candidates);
    }
    for (int c : candidates) {
      if (c < k) {
        throw new IllegalArgumentException("every candidates value must be at least k=" + k + ", got: " + c);
      }
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got: " + threads);
    }
    if (variants == null || variants.isEmpty()) {
      throw new IllegalArgumentException("variants must name at least one quantization, got: " + variants);
    }
    if (hnsw == null) {
      throw new IllegalArgumentException("hnsw must not be null");
    }
    if (!(minPassSeconds >= 0) || Double.isInfinite(minPassSeconds)) {
      throw new IllegalArgumentException("minPassSeconds must be finite and non-negative, got: " + minPassSeconds);
    }
    candidates = List.copyOf(candidates);
    variants = List.copyOf(variants);
  }

  /** Every quantization, the default sweep (from k up), Lucene's graph defaults, one thread per core. */
  public static BenchSettings defaults(int k) {
    return new BenchSettings(k, defaultCandidates(k), Runtime.getRuntime().availableProcessors(),
        List.of(Quantization.values()), HnswConfig.defaults(), DEFAULT_MIN_PASS_SECONDS);
  }

  /** The default sweep without the efforts below {@code k}; just {@code k} if none is left. */
  public static List<Integer> defaultCandidates(int k) {
    List<Integer> left = DEFAULT_CANDIDATES.stream().filter(c -> c >= k).toList();
    return left.isEmpty() ? List.of(k) : left;
  }

  /** The sweep entry nearest to {@link #SUMMARY_CANDIDATES} (the lower one on a tie). */
  public int summaryCandidates() {
    int best = candidates.get(0);
    for (int c : candidates) {
      int d = Math.abs(c - SUMMARY_CANDIDATES);
      int bestD = Math.abs(best - SUMMARY_CANDIDATES);
      if (d < bestD || (d == bestD && c < best)) {
        best = c;
      }
    }
    return best;
  }
}
