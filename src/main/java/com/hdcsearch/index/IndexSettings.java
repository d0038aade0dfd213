package com.hdcsearch.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Where the serving index lives and how it is built, refreshed and committed. */
@ConfigMapping(prefix = "hdc.index")
public interface IndexSettings {

  /** Root directory of the indexes; each model version gets its own sub-directory. */
  @WithDefault("${hdc.home:.}/data/index")
  String path();

  /** HNSW neighbours per node. */
  @WithName("max-conn")
  @WithDefault("16")
  int maxConn();

  /** HNSW candidates per insertion. */
  @WithName("beam-width")
  @WithDefault("100")
  int beamWidth();

  /** Vector encoding for graph scoring: NONE, INT7, INT4, INT2 or INT1. */
  @WithDefault("NONE")
  Quantization quantization();

  /** Near-real-time reopen interval: the worst-case delay before an indexed item is searchable. */
  @WithName("refresh-interval")
  @WithDefault("100ms")
  Duration refreshInterval();

  /** How often the index is committed with its input offsets: the most that is re-read after a crash. */
  @WithName("commit-interval")
  @WithDefault("5s")
  Duration commitInterval();

  /** The HNSW config record of these settings. */
  default HnswConfig hnsw() {
    return new HnswConfig(maxConn(), beamWidth(), quantization(), refreshInterval());
  }
}
