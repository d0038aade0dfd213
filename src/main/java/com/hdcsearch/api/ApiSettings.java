package com.hdcsearch.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Limits of the search API. */
@ConfigMapping(prefix = "hdc.api")
public interface ApiSettings {

  /** Largest k a caller may ask for. */
  @WithName("max-k")
  @WithDefault("100")
  int maxK();

  /** Extra HNSW candidates explored per query beyond k: more recall for a little latency. */
  @WithDefault("40")
  int fanout();
}
