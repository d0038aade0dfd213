package com.hdcsearch.kafka;

import java.util.Map;

/**
 * A topic the service needs, with the configs it must have.
 *
 * @param name topic name
 * @param partitions partition count; the unit of parallelism across instances
 * @param configs topic-level configs, e.g. {@code cleanup.policy=compact}
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank, got: '" + name + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got: " + partitions + " for " + name);
    }
    configs = Map.copyOf(configs);
  }

  public boolean compacted() {
    return "compact".equals(configs.get("cleanup.policy"));
  }
}
