package com.hdcsearch.kafka;

import java.util.Optional;

/**
 * How the topics the service creates are replicated: its own ({@link TopicCreator}) and Kafka Streams' internal ones
 * alike, so that the catalog's changelog is as safe as the catalog.
 *
 * @param factor replicas per partition; -1 takes the broker's {@code default.replication.factor}
 * @param minInsyncReplicas {@code min.insync.replicas}; empty takes the broker's default
 */
public record Replication(short factor, Optional<Integer> minInsyncReplicas) {
  public Replication {
    if (factor == 0 || factor < -1) {
      throw new IllegalArgumentException("hdc.kafka.replication-factor must be -1 (broker default) or at least 1, got: "
          + factor);
    }
    minInsyncReplicas.ifPresent(n -> {
      if (n < 1 || (factor > 0 && n > factor)) {
        throw new IllegalArgumentException("hdc.kafka.min-insync-replicas must be in [1, replication factor "
            + factor + "], got: " + n);
      }
    });
  }

  /** The broker's defaults for both. */
  public static Replication brokerDefaults() {
    return new Replication((short) -1, Optional.empty());
  }

  /** From the service's settings. */
  public static Replication of(KafkaSettings settings) {
    return new Replication(settings.replicationFactor(), settings.minInsyncReplicas());
  }
}
