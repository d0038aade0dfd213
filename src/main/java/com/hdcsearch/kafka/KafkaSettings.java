package com.hdcsearch.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Where Kafka is: an external cluster, or the in-process broker that the service starts itself. */
@ConfigMapping(prefix = "hdc.kafka")
public interface KafkaSettings {

  /** Partitions of each catalog topic when the service creates it; instances split these. */
  @WithDefault("4")
  int partitions();

  /**
   * Replication factor of the topics the service creates, Kafka Streams' internal topics included; -1 takes the
   * broker's {@code default.replication.factor}. A production cluster wants 3.
   */
  @WithName("replication-factor")
  @WithDefault("-1")
  short replicationFactor();

  /**
   * {@code min.insync.replicas} of the topics the service creates (internal ones included): with producers on
   * {@code acks=all}, a write is accepted only once this many replicas have it. Empty takes the broker's default.
   */
  @WithName("min-insync-replicas")
  java.util.Optional<Integer> minInsyncReplicas();

  /** Settings of the in-process broker, used only when {@code kafka.bootstrap.servers} is not set. */
  Embedded embedded();

  /** The in-process broker. */
  interface Embedded {
    /** Log directory of the in-process broker; data there survives restarts. */
    @WithName("log-dir")
    @WithDefault("${hdc.home:.}/data/kafka")
    String logDir();

    /** Client port on localhost; 0 picks a free port. */
    @WithDefault("9092")
    int port();
  }

}
