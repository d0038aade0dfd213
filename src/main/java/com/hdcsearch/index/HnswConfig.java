package com.hdcsearch.index;

import java.time.Duration;

/**
 * How a {@link VectorIndex} builds and refreshes its HNSW graph.
 *
 * @param maxConn neighbours per graph node; more means better recall, more memory and slower builds
 * @param beamWidth candidates considered while inserting a node; more means a better graph and slower builds
 * @param quantization vector encoding used for graph scoring
 * @param refreshInterval how often the near-real-time searcher is reopened, i.e. the worst-case visibility delay
 * @param mergeWorkers threads that build the merged segment's graph together (1: the merge thread alone). Merging is
 *     where a bulk build spends most of its time; the service keeps 1, so that merges leave the cores to ingest
 * @param bulkBuild an index that nothing searches until it is built (a bench's build; see {@link #forBulkBuild()})
 */
public record HnswConfig(int maxConn, int beamWidth, Quantization quantization, Duration refreshInterval,
    int mergeWorkers, boolean bulkBuild) {
  /** Lucene's default: 16 neighbours per node. */
  public static final int DEFAULT_MAX_CONN = 16;
  /** Lucene's default: 100 candidates per insertion. */
  public static final int DEFAULT_BEAM_WIDTH = 100;
  /** Full floats: the index of a catalog of a few 100k items fits in memory without quantization. */
  public static final Quantization DEFAULT_QUANTIZATION = Quantization.NONE;
  /** 100 ms: an upsert is searchable well within a second at negligible reopen cost. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMillis(100);
  /** A bulk build's refresh interval: nothing searches the index until it is built (and refreshed explicitly). */
  static final Duration BULK_REFRESH_INTERVAL = Duration.ofHours(1);
  /** Lucene's limits for the HNSW format. */
  static final int MAXIMUM_MAX_CONN = 512;
  static final int MAXIMUM_BEAM_WIDTH = 3200;

  public HnswConfig {
    if (maxConn < 1 || maxConn > MAXIMUM_MAX_CONN) {
      throw new IllegalArgumentException("maxConn must be in [1, " + MAXIMUM_MAX_CONN + "], got: " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > MAXIMUM_BEAM_WIDTH) {
      throw new IllegalArgumentException("beamWidth must be in [1, " + MAXIMUM_BEAM_WIDTH + "], got: " + beamWidth);
    }
    if (quantization == null) {
      throw new IllegalArgumentException("quantization must not be null");
    }
    if (refreshInterval == null || refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException("refreshInterval must be positive, got: " + refreshInterval);
    }
    if (mergeWorkers < 1) {
      throw new IllegalArgumentException("mergeWorkers must be at least 1, got: " + mergeWorkers);
    }
  }

  /** One merge worker, not a bulk build. */
  public HnswConfig(int maxConn, int beamWidth, Quantization quantization, Duration refreshInterval) {
    this(maxConn, beamWidth, quantization, refreshInterval, 1, false);
  }

  /** The named defaults. */
  public static HnswConfig defaults() {
    return new HnswConfig(DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH, DEFAULT_QUANTIZATION, DEFAULT_REFRESH_INTERVAL);
  }

  /** A copy with another quantization. */
  public HnswConfig withQuantization(Quantization q) {
    return new HnswConfig(maxConn, beamWidth, q, refreshInterval, mergeWorkers, bulkBuild);
  }

  /** A copy whose merges build the graph with {@code workers} threads. */
  public HnswConfig withMergeWorkers(int workers) {
    return new HnswConfig(maxConn, beamWidth, quantization, refreshInterval, workers, bulkBuild);
  }

  /**
   * A copy for building an index in bulk that nothing searches before it is done (Elasticsearch gives the same
   * advice for bulk loads): no near-real-time reopen every {@link #refreshInterval()}, each of which flushes a small
   * segment whose graph a merge rebuilds; a large indexing buffer, so each writer thread flushes one big segment; no
   * compound files (see {@link VectorIndex}).
   */
  public HnswConfig forBulkBuild() {
    return new HnswConfig(maxConn, beamWidth, quantization, BULK_REFRESH_INTERVAL, mergeWorkers, true);
  }
}
