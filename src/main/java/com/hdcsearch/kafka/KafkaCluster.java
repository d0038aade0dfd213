package com.hdcsearch.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Kafka cluster this instance talks to. With {@code kafka.bootstrap.servers} set it is that cluster and no broker
 * starts here; without it, an {@link EmbeddedKafkaBroker} starts on first use and stops on shutdown. Either way the
 * service's topics are created if missing.
 */
@ApplicationScoped
public class KafkaCluster {
  private static final Logger LOG = Logger.getLogger(KafkaCluster.class);

  private final Optional<String> externalBootstrap;
  private final KafkaSettings settings;
  private EmbeddedKafkaBroker embedded;
  private String bootstrapServers;

  KafkaCluster(
      @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> externalBootstrap, KafkaSettings settings) {
    this.externalBootstrap = externalBootstrap.filter(s -> !s.isBlank());
    this.settings = settings;
  }

  /** {@code host:port[,host:port]} of the cluster; starts the embedded broker on first call when needed. */
  public synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      if (externalBootstrap.isPresent()) {
        bootstrapServers = externalBootstrap.get();
        LOG.infof("Using external Kafka at %s", bootstrapServers);
      } else {
        embedded = EmbeddedKafkaBroker.start(Path.of(settings.embedded().logDir()), settings.embedded().port());
        bootstrapServers = embedded.bootstrapServers();
      }
      TopicCreator.createMissing(bootstrapServers, Topics.all(settings.partitions()));
    }
    return bootstrapServers;
  }

  /** The in-process broker, when this instance runs one. */
  public synchronized Optional<EmbeddedKafkaBroker> embeddedBroker() {
    return Optional.ofNullable(embedded);
  }

  /** Connects (or starts the embedded broker) at boot, before anything else needs Kafka. */
  void onStart(@Observes @Priority(1) StartupEvent event) {
    bootstrapServers();
  }

  /** Stops the embedded broker last: observers with a lower priority (the streams) close first. */
  void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
    close();
  }

  synchronized void close() {
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
  }
}
