package com.hdcsearch.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Which model the service serves when it starts. */
@ConfigMapping(prefix = "hdc.model")
public interface ModelSettings {

  /** Checkpoint directory written by {@code hdc train}; unset = the untrained built-in network below. */
  Optional<String> checkpoint();

  /** Seed of the untrained built-in network's weights (its version id is {@code untrained-<seed>}). */
  @WithDefault("42")
  long seed();

  /** Input side in pixels of the untrained built-in network (28 = Fashion-MNIST's native size). */
  @WithDefault("28")
  int imageSize();

  /** Whether the untrained built-in network takes RGB (true) or grey (false) input. */
  @WithDefault("false")
  boolean rgb();
}
