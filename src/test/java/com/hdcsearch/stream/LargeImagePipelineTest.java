package com.hdcsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images of several MB through the production pipeline and a real broker, with the service's default limits (4 MiB
 * per image): every valid one is searchable, one byte over the limit is dead-lettered, and a record that Kafka still
 * refuses becomes a PRODUCE_FAILED dead letter instead of a stream thread that fails on it forever.
 */
class LargeImagePipelineTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int MAX_IMAGE_BYTES = RecordSizes.DEFAULT_MAX_IMAGE_BYTES;
  private static final long MAX_IMAGE_PIXELS = 16_777_216;
  /** The size of the image in the issue report (a 1000x1000 RGB PNG). */
  private static final int ISSUE_IMAGE_BYTES = 3_005_196;
  private static final int SMALL_AFTER = 20;
  /** What a build before this fix created the catalog changelog with: the broker default (message.max.bytes). */
  private static final String BROKER_DEFAULT_MAX_MESSAGE_BYTES = "1048588";

  @TempDir Path tmp;
  private PipelineHarness kafka;
  private static CascadeEmbedder model;
  private final List<TestImages.Item> small = TestImages.fashionMnist(SMALL_AFTER);

  @BeforeAll
  static void loadModel() {
    model = EmbedderLoader.untrained(TestCheckpoints.SPEC, 3);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @BeforeEach
  void startBroker() throws Exception {
    kafka = new PipelineHarness(Files.createTempDirectory("hdc-large-kafka"));
  }

  @AfterEach
  void stopBroker() {
    kafka.close();
  }

  @Test
  void imagesUpToTheLimitAreSearchableOneByteOverIsDeadLetteredAndTheStreamNeverStops() throws Exception {
    Map<String, Integer> valid = new LinkedHashMap<>();
    valid.put("big-1mb", 1_000_000);
    valid.put("big-3mb", ISSUE_IMAGE_BYTES);
    valid.put("big-4mb", 4_000_000);
    valid.put("big-at-limit", MAX_IMAGE_BYTES);
    String app = "large-" + UUID.randomUUID();
    try (var run = kafka.start(model, tmp.resolve("index"), tmp.resolve("state"), app, MAX_IMAGE_BYTES,
        MAX_IMAGE_PIXELS);
        var states = new StateSampler(run.pipeline)) {
      PipelineHarness.await(TIMEOUT, run.pipeline::isRunning, "pipeline running");
      long seed = 1;
      for (var e : valid.entrySet()) {
        byte[] png = LargeImages.png(e.getValue(), seed++);
        assertEquals(e.getValue(), png.length);
        kafka.send(e.getKey(), TestImages.catalogImage(e.getKey(), "noise", png));
      }
      byte[] over = LargeImages.png(MAX_IMAGE_BYTES + 1, seed);
      byte[] overRecord = TestImages.catalogImage("over-limit", "noise", over);
      kafka.send("over-limit", overRecord);
      sendSmallAfter();

      PipelineHarness.await(TIMEOUT, () -> allSearchable(run, valid.keySet()) && smallAfterSearchable(run),
          "the large images and the small ones after them searchable");
      DeadLetter letter = readDeadLetters(1).get(0);
      assertEquals("over-limit", letter.getKey());
      assertEquals(RejectReason.TOO_MANY_BYTES.name(), letter.getReasonCode(), letter.getMessage());
      assertEquals(overRecord.length, letter.getPayload().remaining(), "the payload is the whole input record");
      assertTrue(run.index().get("over-limit").isEmpty());
      assertEquals(valid.size() + SMALL_AFTER, run.index().size());
      assertEquals(0.0, run.metrics.deadLettered(RejectReason.PRODUCE_FAILED), "nothing failed to be written");
      assertEquals(List.of(), states.leftRunning(), "the stream left RUNNING (a failed thread rebalances)");
      assertTrue(run.pipeline.isRunning(), "readiness: streams RUNNING and the index updater alive");

      // What failed before: the changelog of the catalog store is created to hold the largest accepted record.
      assertEquals(String.valueOf(new RecordSizes(MAX_IMAGE_BYTES).storedRecordBytes()),
          topicConfig(app + "-" + CatalogTopology.CATALOG_STORE + "-changelog", TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
      System.out.printf("large images searchable: %s; over the limit: %d bytes dead-lettered as %s%n", valid,
          over.length, letter.getReasonCode());
    }
  }

  @Test
  void aRecordThatKafkaStillRefusesIsDeadLetteredAndTheStreamGoesOn() throws Exception {
    String app = "refused-" + UUID.randomUUID();
    String changelog = app + "-" + CatalogTopology.CATALOG_STORE + "-changelog";
    // The changelog as a build before this fix created it: Streams keeps an existing topic's configs.
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(changelog, PipelineHarness.PARTITIONS, (short) 1).configs(Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, BROKER_DEFAULT_MAX_MESSAGE_BYTES)))).all().get(30, TimeUnit.SECONDS);
    }
    try (var run = kafka.start(model, tmp.resolve("index"), tmp.resolve("state"), app, MAX_IMAGE_BYTES,
        MAX_IMAGE_PIXELS);
        var states = new StateSampler(run.pipeline)) {
      PipelineHarness.await(TIMEOUT, run.pipeline::isRunning, "pipeline running");
      kafka.send("big-3mb", TestImages.catalogImage("big-3mb", "noise", LargeImages.png(ISSUE_IMAGE_BYTES, 5)));
      sendSmallAfter();

      PipelineHarness.await(TIMEOUT, () -> smallAfterSearchable(run), "the records after the refused one processed");
      DeadLetter letter = readDeadLetters(1).get(0);
      assertEquals("big-3mb", letter.getKey());
      assertEquals(RejectReason.PRODUCE_FAILED.name(), letter.getReasonCode());
      assertTrue(letter.getMessage().contains(changelog) && letter.getMessage().contains("RecordTooLargeException"),
          letter.getMessage());
      assertEquals(Topics.CATALOG_IMAGES, letter.getSourceTopic());
      assertNotNull(letter.getPayload(), "the image is kept");
      CatalogImage kept = AvroSerdes.catalogImage().decode(CatalogValidator.bytes(letter.getPayload()));
      assertEquals("big-3mb", kept.getItemId());
      assertEquals(ISSUE_IMAGE_BYTES, kept.getImage().remaining());
      assertEquals(1.0, run.metrics.deadLettered(RejectReason.PRODUCE_FAILED));
      assertEquals(List.of(), states.leftRunning(), "a refused write must not fail the stream thread");
      assertTrue(run.pipeline.isRunning());
      System.out.println("refused changelog write dead-lettered: " + letter.getMessage());
    }
  }

  private void sendSmallAfter() {
    for (int i = 0; i < SMALL_AFTER; i++) {
      kafka.send("after-" + i, TestImages.catalogImage("after-" + i, small.get(i).label(), small.get(i).png()));
    }
    kafka.producer.flush();
  }

  private static boolean allSearchable(PipelineHarness.Running run, Iterable<String> ids) {
    for (String id : ids) {
      if (run.index().get(id).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static boolean smallAfterSearchable(PipelineHarness.Running run) {
    for (int i = 0; i < SMALL_AFTER; i++) {
      if (run.index().get("after-" + i).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker.bootstrapServers()));
  }

  private String topicConfig(String topic, String key) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin = admin()) {
      return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
    }
  }

  private List<DeadLetter> readDeadLetters(int expected) {
    List<DeadLetter> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.CATALOG_IMAGES_DLQ));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      // Read a little past the expected count: a second letter for the same input would be a bug.
      long extra = 0;
      while (System.nanoTime() < deadline && (out.size() < expected || extra++ < 10)) {
        for (var r : c.poll(Duration.ofMillis(200))) {
          out.add(AvroSerdes.deadLetter().decode(r.value()));
        }
      }
    }
    assertEquals(expected, out.size(), "dead letters: " + out);
    return out;
  }

  /** Samples the Streams state every 10 ms from the first RUNNING on, and keeps every other state it saw. */
  private static final class StateSampler implements AutoCloseable {
    private final ConcurrentLinkedQueue<KafkaStreams.State> others = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    StateSampler(IngestPipeline pipeline) {
      thread = new Thread(() -> {
        boolean seenRunning = false;
        while (running) {
          KafkaStreams.State s = pipeline.streamsState();
          seenRunning |= s == KafkaStreams.State.RUNNING;
          if (seenRunning && s != KafkaStreams.State.RUNNING) {
            others.add(s);
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "state-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    List<KafkaStreams.State> leftRunning() {
      return List.copyOf(others);
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }
  }
}
