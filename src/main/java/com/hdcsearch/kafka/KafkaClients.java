package com.hdcsearch.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The settings every Kafka client of the service starts from: the cluster's bootstrap servers and the operator's
 * passthrough ({@code kafka.*} keys without the prefix: {@code security.protocol}, {@code ssl.*}, {@code sasl.*},
 * {@code client.id}...). Producers, consumers, admins and Kafka Streams all take their config from here, so that a TLS
 * or SASL cluster needs the settings once. A client's own functional settings (serializers, acks, group) are put on top
 * of the passthrough by the code that builds it; {@code client.id}, when the operator sets one, becomes the prefix of
 * each client's id, so that ids stay unique per client (Kafka's metrics and quotas key on them).
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param passthrough client settings as the operator wrote them, bootstrap servers excluded
 */
public record KafkaClients(String bootstrapServers, Map<String, String> passthrough) {
  /** The config prefix of the passthrough. */
  public static final String PREFIX = "kafka.";

  public KafkaClients {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must not be blank, got: '" + bootstrapServers + "'");
    }
    passthrough = new TreeMap<>(passthrough);
    passthrough.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    passthrough = Map.copyOf(passthrough);
  }

  /** A cluster with no passthrough (tests, the embedded broker's own checks). */
  public static KafkaClients of(String bootstrapServers) {
    return new KafkaClients(bootstrapServers, Map.of());
  }

  /**
   * The passthrough out of config property names and values: every {@code kafka.*} key with the prefix cut, and every
   * {@code KAFKA_*} environment variable name lower-cased with {@code _} read as {@code .} (as MicroProfile Config maps
   * {@code KAFKA_BOOTSTRAP_SERVERS}); a dotted key wins over its environment form.
   */
  public static Map<String, String> passthroughOf(Map<String, String> properties) {
    Map<String, String> fromEnv = new TreeMap<>();
    Map<String, String> dotted = new TreeMap<>();
    properties.forEach((name, value) -> {
      if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
        dotted.put(name.substring(PREFIX.length()), value);
      } else if (name.startsWith("KAFKA_") && name.length() > "KAFKA_".length()) {
        fromEnv.put(name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
      }
    });
    fromEnv.putAll(dotted);
    return fromEnv;
  }

  /**
   * A config for one client: the passthrough, the bootstrap servers and {@code client.id}.
   *
   * @param role what the client is for, e.g. {@code hdc-index-updater}; its client id, after the operator's prefix
   */
  public Map<String, Object> config(String role) {
    Map<String, Object> config = new HashMap<>(passthrough);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(role));
    return config;
  }

  /** The same for Kafka Streams (which names its own clients after its {@code client.id}). */
  public Properties streamsConfig(String role) {
    Properties props = new Properties();
    props.putAll(config(role));
    return props;
  }

  /** {@code role}, after the operator's {@code client.id} when set. */
  public String clientId(String role) {
    String prefix = passthrough.get(CommonClientConfigs.CLIENT_ID_CONFIG);
    return prefix == null || prefix.isBlank() ? role : prefix + "-" + role;
  }

  /** As {@link #toString()} must not print secrets (SASL JAAS config, key store passwords), only the keys. */
  @Override
  public String toString() {
    return "KafkaClients[bootstrapServers=" + bootstrapServers + ", passthrough keys=" + passthrough.keySet() + "]";
  }
}
