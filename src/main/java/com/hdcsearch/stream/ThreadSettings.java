package com.hdcsearch.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * How the service splits its cores between ingest (stream threads that embed in parallel), the online trainer and
 * the index; {@link ThreadBudget} turns these into numbers. Unset counts follow from the cores.
 */
@ConfigMapping(prefix = "hdc.threads")
public interface ThreadSettings {
  /** Cores to split (default: what the JVM sees). */
  Optional<Integer> cores();

  /**
   * libtorch intra-op threads of one call (each ingest thread's forward and the trainer's step); an explicit
   * {@code -Dai.djl.pytorch.num_threads} wins. One is the cheapest: OpenMP threads spin at a barrier after every op,
   * and parallel calls on several threads use the cores better than one call on several.
   */
  @WithDefault("1")
  int torch();

  /** Stream threads, each embedding its partitions' batches at the same time as the others (default: the rest). */
  Optional<Integer> ingest();

  /** Cores kept for the online trainer when it runs here (default 1). */
  Optional<Integer> trainer();

  /** Cores kept for the index (HNSW inserts, refresh, merges); default 0 under 4 cores (they share ingest's), else 1. */
  Optional<Integer> index();
}
