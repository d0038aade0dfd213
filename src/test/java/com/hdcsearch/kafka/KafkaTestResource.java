package com.hdcsearch.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the same {@link EmbeddedKafkaBroker} that the service embeds, on a free port and a fresh log dir, and hands
 * its address to the app under test as an external cluster.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
  private EmbeddedKafkaBroker broker;

  @Override
  public Map<String, String> start() {
    try {
      broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("hdc-test-kafka"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
  }

  @Override
  public void stop() {
    if (broker != null) {
      Path dir = broker.logDir();
      broker.close();
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temp dir left behind is harmless.
    }
  }
}
