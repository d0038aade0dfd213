package com.hdcsearch.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * How instances that share {@code hdc.stream.application-id} work together: the address each announces to the others
 * (Kafka Streams' {@code application.server}: an item's image is fetched from the instance that holds its catalog
 * partition) and the trainer's leadership.
 */
@ConfigMapping(prefix = "hdc.cluster")
public interface ClusterSettings {

  /** Host name or address at which the other instances reach this instance's HTTP API. */
  @WithName("advertised-host")
  @WithDefault("localhost")
  String advertisedHost();

  /** Port at which the other instances reach this instance's HTTP API; default its HTTP port. */
  @WithName("advertised-port")
  @WithDefault("${quarkus.http.port:8080}")
  int advertisedPort();

  /** Longest a lookup waits for the instance that holds an item's image. */
  @WithName("peer-timeout")
  @WithDefault("5s")
  Duration peerTimeout();

  /**
   * Session timeout of the trainer's leadership: how long after a leader dies without leaving (kill -9, a network
   * cut) another instance takes over training. A clean stop hands over at once.
   */
  @WithName("leader-session-timeout")
  @WithDefault("10s")
  Duration leaderSessionTimeout();

  /** {@code host:port} as Kafka Streams' {@code application.server} wants it. */
  default String applicationServer() {
    return advertisedHost() + ":" + advertisedPort();
  }
}
