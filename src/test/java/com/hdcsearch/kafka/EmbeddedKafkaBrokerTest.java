package com.hdcsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process broker is a real broker: topics with their configs, produce and consume, restart keeps data. */
class EmbeddedKafkaBrokerTest {
  @TempDir static Path logDir;
  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start(logDir, 0);
    TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(3));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void createsEveryTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      for (TopicSpec spec : Topics.all(3)) {
        assertTrue(names.contains(spec.name()), "missing topic " + spec.name() + " in " + names);
        int partitions = admin.describeTopics(List.of(spec.name())).allTopicNames().get(10, TimeUnit.SECONDS)
            .get(spec.name()).partitions().size();
        assertEquals(spec.partitions(), partitions, spec.name());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        assertEquals(spec.configs().get("cleanup.policy"), config.get("cleanup.policy").value(), spec.name());
        if (spec.configs().containsKey("max.message.bytes")) {
          assertEquals(spec.configs().get("max.message.bytes"), config.get("max.message.bytes").value(), spec.name());
        }
      }
      assertTrue(Topics.all(3).stream().filter(TopicSpec::compacted).map(TopicSpec::name).toList()
          .containsAll(List.of(Topics.CATALOG_IMAGES, Topics.CATALOG_EMBEDDINGS, Topics.MODEL_VERSIONS)));
    }
  }

  @Test
  void imageTopicsAcceptTheLargestRecordsOfTheImageLimit() {
    RecordSizes sizes = new RecordSizes(4 * 1024 * 1024);
    Map<String, TopicSpec> specs = new java.util.HashMap<>();
    Topics.all(3, sizes).forEach(s -> specs.put(s.name(), s));
    // The input topic keeps the 16 MiB it always had: room above the 4 MiB validation limit for dead-lettering.
    assertEquals(String.valueOf(16 * 1024 * 1024),
        specs.get(Topics.CATALOG_IMAGES).configs().get("max.message.bytes"));
    // A dead letter carries a whole input record and its reason.
    assertEquals(String.valueOf(16 * 1024 * 1024 + RecordSizes.ENVELOPE_BYTES),
        specs.get(Topics.CATALOG_IMAGES_DLQ).configs().get("max.message.bytes"));
    assertTrue(sizes.storedRecordBytes() > sizes.acceptedRecordBytes());
    assertTrue(sizes.producerRequestBytes() >= sizes.deadLetterBytes());
    // A larger image limit raises every limit above it.
    RecordSizes big = new RecordSizes(20 * 1024 * 1024);
    assertEquals(20 * 1024 * 1024 + 2 * RecordSizes.ENVELOPE_BYTES, big.inputRecordBytes());
    assertTrue(big.producerBufferBytes() >= 2L * big.producerRequestBytes());
  }

  @Test
  void secondCreateIsANoOp() {
    assertEquals(List.of(), TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(3)));
  }

  @Test
  void producesAndConsumesThroughTheBroker() throws Exception {
    String topic = Topics.MODEL_VERSIONS;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      for (int i = 0; i < 50; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(10, TimeUnit.SECONDS);
      }
    }
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "embedded-broker-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (seen.size() < 50 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
    }
    assertEquals(50, seen.size());
    assertEquals("v0", seen.get(0).value());
    assertEquals("v49", seen.get(49).value());
  }
}
