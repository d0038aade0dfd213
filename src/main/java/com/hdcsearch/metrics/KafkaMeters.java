package com.hdcsearch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Binds Kafka's own client metrics (Streams threads, their consumers' lag and rebalances, the index updater's
 * consumer) to the registry as {@code kafka_*} meters. Each binding is closed with its client: its meters go and its
 * refresh thread stops.
 */
public final class KafkaMeters {
  private final MeterRegistry registry;
  private final Duration refresh;

  public KafkaMeters(MeterRegistry registry, Duration refresh) {
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("hdc.metrics.kafka-refresh must be positive, got: " + refresh);
    }
    this.registry = registry;
    this.refresh = refresh;
  }

  /** The metrics of {@code streams}, bound until the returned handle is closed. */
  public AutoCloseable bind(KafkaStreams streams) {
    ScheduledExecutorService scheduler = scheduler("hdc-kafka-streams-metrics");
    KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.empty(), scheduler, refresh);
    binder.bindTo(registry);
    return () -> {
      binder.close();
      scheduler.shutdownNow();
    };
  }

  /** The metrics of {@code consumer}, bound until the returned handle is closed. */
  public AutoCloseable bind(Consumer<?, ?> consumer) {
    ScheduledExecutorService scheduler = scheduler("hdc-kafka-consumer-metrics");
    KafkaClientMetrics binder = new KafkaClientMetrics(consumer, Tags.empty(), scheduler, refresh);
    binder.bindTo(registry);
    return () -> {
      binder.close();
      scheduler.shutdownNow();
    };
  }

  private static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
