package com.hdcsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without kafka.bootstrap.servers the cluster is an in-process broker, with the topics, stopped on close. */
class KafkaClusterEmbeddedTest {
  @TempDir Path logDir;

  @Test
  void noBootstrapStartsAnEmbeddedBrokerWithTopics() throws Exception {
    KafkaCluster cluster = new KafkaCluster(Optional.empty(), settings(logDir, 2), RecordSizes.defaults(), List.of("hdc-serving"));
    try {
      String bootstrap = cluster.bootstrapServers();
      assertTrue(cluster.embeddedBroker().isPresent());
      assertEquals(bootstrap, cluster.embeddedBroker().get().bootstrapServers());
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        assertEquals(2, admin.describeTopics(java.util.List.of(Topics.CATALOG_EMBEDDINGS)).allTopicNames()
            .get(10, TimeUnit.SECONDS).get(Topics.CATALOG_EMBEDDINGS).partitions().size());
      }
    } finally {
      cluster.close();
    }
    assertTrue(cluster.embeddedBroker().isEmpty(), "broker still referenced after close");
  }

  @Test
  void blankBootstrapCountsAsNone() {
    KafkaCluster cluster = new KafkaCluster(Optional.of("  "), settings(logDir, 1), RecordSizes.defaults(), List.of("hdc-serving"));
    try {
      cluster.bootstrapServers();
      assertTrue(cluster.embeddedBroker().isPresent());
    } finally {
      cluster.close();
    }
  }

  static KafkaSettings settings(Path logDir, int partitions) {
    return new KafkaSettings() {
      @Override
      public int partitions() {
        return partitions;
      }

      @Override
      public short replicationFactor() {
        return -1;
      }

      @Override
      public Optional<Integer> minInsyncReplicas() {
        return Optional.empty();
      }

      @Override
      public Embedded embedded() {
        return new Embedded() {
          @Override
          public String logDir() {
            return logDir.toString();
          }

          @Override
          public int port() {
            return 0;
          }
        };
      }
    };
  }
}
