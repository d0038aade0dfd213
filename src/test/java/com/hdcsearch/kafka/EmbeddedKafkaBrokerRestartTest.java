package com.hdcsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the in-process broker on its log directory keeps the cluster id and the data; a directory that is not
 * this broker's is refused with a message that names it and says what to do. (A kill -9 of the whole service is
 * covered by {@code ServiceRestartIT}.)
 */
class EmbeddedKafkaBrokerRestartTest {
  private static final String TOPIC = Topics.MODEL_VERSIONS;
  private static final int RECORDS = 30;

  @TempDir Path tmp;

  @Test
  void restartKeepsTheClusterIdAndTheRecords() throws Exception {
    Path dir = tmp.resolve("kafka");
    String firstId;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      assertFalse(broker.restarted());
      assertEquals(List.of(), broker.removeMembersLeftBefore(List.of("any")), "a new cluster has no members yet");
      firstId = broker.clusterId();
      assertEquals(firstId, describedClusterId(broker));
      TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(1));
      produce(broker, 0, RECORDS);
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      assertEquals(firstId, broker.clusterId(), "the restarted broker formed a new cluster");
      assertEquals(firstId, describedClusterId(broker));
      assertEquals(List.of(), TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(1)),
          "the topics are still there");
      produce(broker, RECORDS, RECORDS);
      List<String> values = consumeAll(broker, 2 * RECORDS);
      assertEquals(2 * RECORDS, values.size());
      assertEquals("v0", values.get(0), "the first run's records come first");
      assertEquals("v" + (2 * RECORDS - 1), values.get(2 * RECORDS - 1));
    }
    // A third start: the id is read again from the directory, not remembered by the JVM.
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      assertEquals(firstId, broker.clusterId());
    }
  }

  @Test
  void membersThatNeverLeftTheirGroupAreRemovedOnRestart() throws Exception {
    Path dir = tmp.resolve("groups");
    String group = "left-behind";
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(1));
      produce(broker, 0, 1);
      KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, group,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100));
      }
      assertEquals(1, members(broker, group), "the consumer joined");
      broker.close();
      // Closed after its broker: its leave request goes nowhere, as after a kill -9 of the process of both.
      consumer.close(Duration.ofMillis(100));
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      assertTrue(broker.restarted());
      assertEquals(1, members(broker, group), "the broker remembers the member that never left");
      assertEquals(List.of(group), broker.removeMembersLeftBefore(List.of(group, "never-existed")));
      assertEquals(0, members(broker, group), "the dead member would hold a rebalance for its session timeout");
    }
  }

  @Test
  void aFormatCutOffBeforeMetaPropertiesIsFormattedAgain() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("cut-off"));
    // What Kafka's formatter writes before meta.properties (a kill -9 between the two leaves this).
    Files.write(dir.resolve("bootstrap.checkpoint"), new byte[] {1, 2, 3});
    Files.writeString(dir.resolve("meta.properties.tmp"), "version=1\n");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      assertEquals(broker.clusterId(), describedClusterId(broker));
      assertTrue(Files.exists(dir.resolve("meta.properties")));
    }
  }

  @Test
  void aDirectoryOfAnotherNodeIsRefusedNamingItAndWhatToDo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("other-node"));
    Files.writeString(dir.resolve("meta.properties"),
        "version=1\ncluster.id=IU23oq6eTeyBZTTFv9cBnA\nnode.id=5\ndirectory.id=kpHvBf3NQ9ifWNHxpNZcqw\n");
    String message = refused(dir);
    assertTrue(message.contains("node 5 of Kafka cluster IU23oq6eTeyBZTTFv9cBnA"), message);
  }

  @Test
  void aNonEmptyDirectoryWithoutMetaPropertiesIsRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(dir.resolve("notes.txt"), "not Kafka");
    Files.createDirectories(dir.resolve("catalog.images-0"));
    String message = refused(dir);
    assertTrue(message.contains("holds catalog.images-0, notes.txt"), message);
    assertTrue(Files.exists(dir.resolve("notes.txt")), "the foreign files are left alone");
  }

  @Test
  void anUnreadableOrDamagedMetaPropertiesIsRefused() throws Exception {
    Path unreadable = Files.createDirectories(tmp.resolve("unreadable"));
    // A directory where the file should be: reading it fails even as root, like a file without read permission.
    Files.createDirectories(unreadable.resolve("meta.properties"));
    String unreadableMessage = refused(unreadable);
    assertTrue(unreadableMessage.contains("cannot read meta.properties"), unreadableMessage);

    Path damaged = Files.createDirectories(tmp.resolve("damaged"));
    Files.write(damaged.resolve("meta.properties"), "\u0000\u0001garbage".getBytes(StandardCharsets.ISO_8859_1));
    String damagedMessage = refused(damaged);
    assertTrue(damagedMessage.contains("meta.properties is not valid"), damagedMessage);
  }

  /** The message of the refusal, checked for what every refusal must say. */
  private static String refused(Path dir) {
    BrokenLogDirException e = assertThrows(BrokenLogDirException.class, () -> EmbeddedKafkaBroker.start(dir, 0));
    String message = e.getMessage();
    assertEquals(dir, e.dir());
    assertTrue(message.contains(dir.toAbsolutePath().toString()), message);
    assertTrue(message.contains("hdc.kafka.embedded.log-dir"), message);
    assertTrue(message.contains("mv "), message);
    return message;
  }

  private static String describedClusterId(EmbeddedKafkaBroker broker) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      return admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
    }
  }

  private static int members(EmbeddedKafkaBroker broker, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members().size();
    }
  }

  private static void produce(EmbeddedKafkaBroker broker, int from, int count) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      for (int i = from; i < from + count; i++) {
        producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "v" + i)).get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> consumeAll(EmbeddedKafkaBroker broker, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "restart-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }
}
