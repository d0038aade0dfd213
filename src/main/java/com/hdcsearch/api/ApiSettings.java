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

  /**
   * Searches by image (decode, embed, search) that may run at once; one more answers 429 with {@code Retry-After}
   * instead of queueing without end behind the embedder, which would hold every caller's memory and threads.
   */
  @WithName("max-concurrent-image-searches")
  @WithDefault("8")
  int maxConcurrentImageSearches();

  /** The {@code Retry-After} a refused search by image answers with. */
  @WithName("image-search-retry-after")
  @WithDefault("1s")
  java.time.Duration imageSearchRetryAfter();
}
