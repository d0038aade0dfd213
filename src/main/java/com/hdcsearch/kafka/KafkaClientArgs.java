package com.hdcsearch.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Kafka client settings as a command outside the service takes them ({@code hdc produce}, {@code hdc dlq},
 * {@code hdc bench freshness}): a Kafka client properties file (the format of Kafka's own tools'
 * {@code --command-config}), then {@code key=value} entries that override it, then the bootstrap servers. The result
 * is the service's {@link KafkaClients}, so TLS, SASL and client ids reach these clients as they reach the service's.
 */
public final class KafkaClientArgs {
  /** The bootstrap servers when neither {@code --bootstrap} nor the settings name any. */
  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

  private KafkaClientArgs() {}

  /**
   * The clients for these arguments.
   *
   * @param bootstrap the bootstrap servers given apart ({@code --bootstrap}), or null; wins over
   *     {@code bootstrap.servers} in the settings, which wins over {@link #DEFAULT_BOOTSTRAP}
   * @param configFile a Kafka client properties file, or null
   * @param entries {@code key=value} settings, later ones winning, all of them over the file's
   * @throws IllegalArgumentException naming the entry or the file that cannot be read
   */
  public static KafkaClients resolve(String bootstrap, Path configFile, List<String> entries) {
    Map<String, String> settings = new TreeMap<>();
    if (configFile != null) {
      settings.putAll(readFile(configFile));
    }
    settings.putAll(parseEntries(entries));
    String servers = bootstrap != null ? bootstrap
        : settings.getOrDefault(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
    return new KafkaClients(servers, settings);
  }

  /**
   * {@code key=value} entries as a map (split at the first {@code =}, so values may hold {@code =}, as SASL JAAS
   * configs do; the key is trimmed, the value kept as written).
   *
   * @throws IllegalArgumentException for an entry without {@code =} or with an empty key, naming it
   */
  public static Map<String, String> parseEntries(List<String> entries) {
    Map<String, String> out = new TreeMap<>();
    for (String entry : entries) {
      int eq = entry == null ? -1 : entry.indexOf('=');
      String key = eq < 0 ? "" : entry.substring(0, eq).trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("a Kafka client setting must be KEY=VALUE (e.g. security.protocol=SSL), "
            + "got: '" + entry + "'");
      }
      out.put(key, entry.substring(eq + 1));
    }
    return out;
  }

  /**
   * A Kafka client properties file ({@link Properties} format, UTF-8), keys as Kafka names them.
   *
   * @throws IllegalArgumentException when the file cannot be read, naming it and why
   */
  public static Map<String, String> readFile(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read the Kafka client settings file " + file + ": " + e, e);
    }
    Map<String, String> out = new TreeMap<>();
    props.stringPropertyNames().forEach(name -> out.put(name.trim(), props.getProperty(name)));
    return out;
  }
}
