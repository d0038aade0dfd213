package com.hdcsearch.kafka;

import com.hdcsearch.stream.StreamSettings;
import io.quarkus.runtime.PreventFurtherStepsException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
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
  /** Exit code of a boot refused for its broker log directory: a usage problem, like a bad option. */
  static final int BROKEN_LOG_DIR_EXIT_CODE = 2;

  private final Optional<String> externalBootstrap;
  private final KafkaSettings settings;
  private final RecordSizes sizes;
  private final List<String> ownGroups;
  private final Map<String, String> passthrough;
  private EmbeddedKafkaBroker embedded;
  private String bootstrapServers;
  private KafkaClients clients;

  @Inject
  KafkaCluster(@ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> externalBootstrap,
      KafkaSettings settings, StreamSettings streams, Config config) {
    this(externalBootstrap, settings, new RecordSizes(streams.maxImageBytes()), List.of(streams.applicationId()),
        KafkaClients.passthroughOf(kafkaProperties(config)));
  }

  KafkaCluster(Optional<String> externalBootstrap, KafkaSettings settings, RecordSizes sizes, List<String> ownGroups) {
    this(externalBootstrap, settings, sizes, ownGroups, Map.of());
  }

  /**
   * @param sizes the record sizes the topics must accept
   * @param ownGroups the consumer groups of this service (its Streams application id), whose members an embedded
   *     broker forgets on restart
   * @param passthrough the operator's {@code kafka.*} client settings (see {@link KafkaClients})
   */
  KafkaCluster(Optional<String> externalBootstrap, KafkaSettings settings, RecordSizes sizes, List<String> ownGroups,
      Map<String, String> passthrough) {
    this.passthrough = Map.copyOf(passthrough);
    this.externalBootstrap = externalBootstrap.filter(s -> !s.isBlank());
    this.settings = settings;
    this.sizes = sizes;
    this.ownGroups = List.copyOf(ownGroups);
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
        // Only an embedded broker: on a shared cluster the members may be other live instances.
        embedded.removeMembersLeftBefore(ownGroups);
      }
      clients = new KafkaClients(bootstrapServers, embedded == null ? passthrough : Map.of());
      if (embedded != null && !passthrough.isEmpty()) {
        // The in-process broker speaks PLAINTEXT on localhost: TLS or SASL settings meant for a cluster would break it.
        LOG.warnf("kafka.* client settings %s are ignored: they apply to an external cluster (kafka.bootstrap.servers)",
            passthrough.keySet());
      }
      TopicCreator.createMissing(clients, Topics.all(settings.partitions(), sizes), replication());
    }
    return bootstrapServers;
  }

  /** The settings every client of this instance starts from; connects (or starts the embedded broker) first. */
  public synchronized KafkaClients clients() {
    bootstrapServers();
    return clients;
  }

  /** How topics are replicated; Kafka Streams' internal topics take the same. */
  public Replication replication() {
    return Replication.of(settings);
  }

  /** Every {@code kafka.*} (and {@code KAFKA_*} environment) property that has a value. */
  private static Map<String, String> kafkaProperties(Config config) {
    Map<String, String> properties = new HashMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(KafkaClients.PREFIX) || name.startsWith("KAFKA_")) {
        config.getOptionalValue(name, String.class).ifPresent(v -> properties.put(name, v));
      }
    }
    return properties;
  }

  /**
   * Which cluster this instance talks to, known without connecting: {@code embedded:<cluster id>} from the embedded
   * broker's formatted log directory ({@code embedded:} before its first format), or {@code external:<bootstrap>}.
   * Local state written for one cluster is only trusted at boot when this is the same.
   */
  public String identity() {
    if (externalBootstrap.isPresent()) {
      return "external:" + externalBootstrap.get();
    }
    return "embedded:" + EmbeddedKafkaBroker.formattedClusterId(Path.of(settings.embedded().logDir())).orElse("");
  }

  /** The in-process broker, when this instance runs one. */
  public synchronized Optional<EmbeddedKafkaBroker> embeddedBroker() {
    return Optional.ofNullable(embedded);
  }

  /**
   * Connects (or starts the embedded broker) at boot, before anything else needs Kafka ({@code serving.ServingBoot}
   * calls it). A log directory the broker cannot use stops the boot with its message alone: it says what to do, a
   * stack trace would bury that.
   */
  public void start() {
    try {
      bootstrapServers();
    } catch (BrokenLogDirException e) {
      // Quarkus prints the message of a PreventFurtherStepsException at the root of a failed boot, and nothing else.
      // Thrown bare, its boot would swallow it (it is meant for build steps): wrapped, it reaches the launcher.
      throw new IllegalStateException(e.getMessage(),
          new PreventFurtherStepsException("hdc: " + e.getMessage(), BROKEN_LOG_DIR_EXIT_CODE));
    }
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
