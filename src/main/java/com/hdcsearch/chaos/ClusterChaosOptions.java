package com.hdcsearch.chaos;

import java.time.Duration;

/**
 * A cluster campaign's settings: the campaign's own ({@link ChaosOptions}: cycles, seed, phases, catalog, rate,
 * timeouts, the instances' extra settings, the jar, the home) and the cluster's shape.
 *
 * @param base the settings every campaign has; its home holds the brokers' and instances' data
 * @param brokers Kafka nodes (replication factor as many, {@code min.insync.replicas} one less)
 * @param instances service instances sharing one application id
 * @param heap each instance's heap limit, e.g. {@code 1g}
 * @param brokerDown how long a killed broker stays dead (ingest goes on) before it is started again
 */
public record ClusterChaosOptions(ChaosOptions base, int brokers, int instances, String heap, Duration brokerDown) {
  /** Three nodes: the least that keeps {@code min.insync.replicas} 2 with one of them dead. */
  public static final int DEFAULT_BROKERS = 3;
  public static final int DEFAULT_INSTANCES = 2;
  public static final String DEFAULT_HEAP = "1g";
  /** Longer than Kafka's broker session (9 s), so that the controller fences the dead broker and leaders move. */
  public static final Duration DEFAULT_BROKER_DOWN = Duration.ofSeconds(15);

  public ClusterChaosOptions {
    if (brokers < 3) {
      throw new IllegalArgumentException("a broker kill with min.insync.replicas 2 needs at least 3 brokers, got: "
          + brokers);
    }
    if (instances < 2) {
      throw new IllegalArgumentException("the cluster campaign needs at least 2 instances, got: " + instances);
    }
    if (brokerDown.isNegative()) {
      throw new IllegalArgumentException("broker down time must not be negative, got: " + brokerDown);
    }
  }
}
