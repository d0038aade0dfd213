package com.hdcsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.avro.ItemEmbedding;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.online.TrainingFeed;
import com.hdcsearch.stream.serde.AvroSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production topology without a broker: what reaches the online trainer's feed, and what the embedder writes
 * during a swap (both versions for live changes, the catalog back-filled into the incoming one).
 */
class CatalogTopologyTest {
  private static final Duration LINGER = Duration.ofMillis(50);

  @TempDir Path tmp;
  private final List<String> fed = new ArrayList<>();
  private final AtomicReference<IngestModels> models = new AtomicReference<>();
  private final List<TestImages.Item> images = TestImages.fashionMnist(12);
  private CascadeEmbedder v1;
  private CascadeEmbedder v2;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> input;
  private TestOutputTopic<String, byte[]> embeddings;
  private TestOutputTopic<String, byte[]> dlq;

  @BeforeEach
  void start() {
    v1 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
    v2 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 2);
    models.set(new IngestModels(v1, "index-1", null, null));
    TrainingFeed feed = new TrainingFeed() {
      @Override
      public void accepted(String itemId, CatalogImage image) {
        fed.add("+" + itemId + ":" + image.getLabel());
      }

      @Override
      public void deleted(String itemId) {
        fed.add("-" + itemId);
      }
    };
    var topology = new CatalogTopology(new SharedImageDecoding(1 << 20, 1 << 20), models::get, feed,
        new PipelineMetrics(new SimpleMeterRegistry()), 4, LINGER, Duration.ofSeconds(5), RecordSizes.defaults())
        .topology();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.toString());
    driver = new TopologyTestDriver(topology, props);
    input = driver.createInputTopic(Topics.CATALOG_IMAGES, new StringSerializer(), new ByteArraySerializer());
    embeddings = driver.createOutputTopic(Topics.CATALOG_EMBEDDINGS, new StringDeserializer(),
        Serdes.ByteArray().deserializer());
    dlq = driver.createOutputTopic(Topics.CATALOG_IMAGES_DLQ, new StringDeserializer(),
        Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
    v1.close();
    v2.close();
  }

  private void send(int i) {
    input.pipeInput("i-" + i, TestImages.catalogImage("i-" + i, images.get(i).label(), images.get(i).png()));
  }

  private List<ItemEmbedding> drainEmbeddings() {
    List<ItemEmbedding> out = new ArrayList<>();
    for (KeyValue<String, byte[]> kv : embeddings.readKeyValuesToList()) {
      if (kv.value != null) {
        out.add(AvroSerdes.itemEmbedding().decode(kv.value));
      }
    }
    return out;
  }

  @Test
  void acceptedImagesAndDeletesFeedTheTrainerAndRejectedOnesDoNot() {
    send(0);
    send(1);
    input.pipeInput("bad", new byte[] {1, 2, 3}); // not Avro: dead-lettered, never trained on
    input.pipeInput("i-0", (byte[]) null);
    assertEquals(List.of("+i-0:" + images.get(0).label(), "+i-1:" + images.get(1).label(), "-i-0"), fed);
    List<KeyValue<String, byte[]>> letters = dlq.readKeyValuesToList();
    assertEquals(1, letters.size());
    DeadLetter letter = AvroSerdes.deadLetter().decode(letters.getFirst().value);
    assertEquals("BAD_SCHEMA", letter.getReasonCode());
  }

  @Test
  void duringASwapLiveChangesAreEmbeddedWithBothVersionsAndTheCatalogIsBackFilled() {
    for (int i = 0; i < 6; i++) {
      send(i);
    }
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    List<ItemEmbedding> before = drainEmbeddings();
    assertEquals(6, before.size());
    assertTrue(before.stream().allMatch(e -> e.getModelVersion().equals("untrained-1")));

    // The swap starts: the next punctuation back-fills the six catalog items into v2's index...
    models.set(new IngestModels(v1, "index-1", v2, "index-2"));
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    List<ItemEmbedding> backfill = drainEmbeddings();
    assertEquals(6, backfill.size(), "the whole catalog once");
    assertTrue(backfill.stream().allMatch(e -> e.getModelVersion().equals("untrained-2")));
    // ...and a live change goes out once per version, serving first.
    send(7);
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    List<ItemEmbedding> live = drainEmbeddings();
    assertEquals(List.of("untrained-1", "untrained-2"), live.stream().map(ItemEmbedding::getModelVersion).toList());
    assertTrue(live.stream().allMatch(e -> e.getItemId().equals("i-7")));
    // The back-fill is done: later punctuations write nothing more.
    driver.advanceWallClockTime(LINGER.multipliedBy(4));
    assertEquals(0, drainEmbeddings().size());

    // After the switch the serving index (same index id) is complete: nothing is re-embedded.
    models.set(new IngestModels(v2, "index-2", null, null));
    driver.advanceWallClockTime(LINGER.multipliedBy(4));
    assertEquals(0, drainEmbeddings().size());
    // A rebuilt index of the same version (a new id) gets the whole catalog again.
    models.set(new IngestModels(v2, "index-2-rebuilt", null, null));
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    assertEquals(7, drainEmbeddings().size());
  }
}
