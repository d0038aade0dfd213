package com.hdcsearch.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the service's meters are tagged and how often Kafka's own metrics are looked for. */
@ConfigMapping(prefix = "hdc.metrics")
public interface MetricsSettings {

  /**
   * The {@code instance_id} tag on every meter; default {@code hdc.versions.instance}, else the host name. A name that
   * survives restarts (a StatefulSet pod's name) keeps one series per instance in Prometheus.
   */
  Optional<String> instance();

  /**
   * How often the Kafka clients' metric lists are read again: a client adds metrics after it starts (a stream
   * thread's, a partition's lag once assigned), and Micrometer only sees them at the next look.
   */
  @WithDefault("15s")
  Duration kafkaRefresh();
}
