package com.hdcsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.avro.ItemEmbedding;
import com.hdcsearch.image.ImageDecoder;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.online.TrainingFeed;
import com.hdcsearch.stream.serde.AvroSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Ingest decodes each live image once (validation hands its tensor to the embedder), and the vectors it writes are
 * those of the model on the decoded image, as the old decode-twice path gave them.
 */
class DecodeOnceTest {
  private static final Duration LINGER = Duration.ofMillis(50);
  private static final float TOLERANCE = 1e-5f;

  @TempDir Path tmp;
  private final List<TestImages.Item> images = TestImages.fashionMnist(12);
  private final AtomicInteger decodes = new AtomicInteger();
  private final AtomicReference<IngestModels> models = new AtomicReference<>();
  private CascadeEmbedder v1;
  private CascadeEmbedder v2;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> input;
  private TestOutputTopic<String, byte[]> embeddings;

  @BeforeEach
  void start() {
    v1 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
    v2 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 2);
    models.set(new IngestModels(v1, "index-1", null, null));
    SharedImageDecoding real = new SharedImageDecoding(1 << 20, 1 << 20);
    ImageDecoding counting = encoded -> {
      decodes.incrementAndGet();
      return real.decode(encoded);
    };
    var topology = new CatalogTopology(counting, models::get, TrainingFeed.NONE,
        new PipelineMetrics(new SimpleMeterRegistry()), 4, LINGER, Duration.ofSeconds(5), RecordSizes.defaults())
        .topology();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "decode-once-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.toString());
    driver = new TopologyTestDriver(topology, props);
    input = driver.createInputTopic(Topics.CATALOG_IMAGES, new StringSerializer(), new ByteArraySerializer());
    embeddings = driver.createOutputTopic(Topics.CATALOG_EMBEDDINGS, new StringDeserializer(),
        Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
    v1.close();
    v2.close();
  }

  private void send(String id, int image) {
    input.pipeInput(id, TestImages.catalogImage(id, images.get(image).label(), images.get(image).png()));
  }

  private List<ItemEmbedding> drain() {
    List<ItemEmbedding> out = new ArrayList<>();
    for (KeyValue<String, byte[]> kv : embeddings.readKeyValuesToList()) {
      if (kv.value != null) {
        out.add(AvroSerdes.itemEmbedding().decode(kv.value));
      }
    }
    return out;
  }

  /** The model's vector for image {@code i}, decoded and embedded directly (the old path: embed a decoded image). */
  private static float[] direct(CascadeEmbedder model, TestImages.Item item) throws Exception {
    BufferedImage decoded = new ImageDecoder().decode(item.png());
    return model.embed(List.of(decoded))[0];
  }

  private static void assertVector(float[] expected, ItemEmbedding actual) {
    assertEquals(expected.length, actual.getVector().size());
    for (int d = 0; d < expected.length; d++) {
      assertEquals(expected[d], actual.getVector().get(d), TOLERANCE, "dimension " + d + " of " + actual.getItemId());
    }
  }

  @Test
  void liveImagesAreDecodedOnceAndEmbedAsTheirDecodedImage() throws Exception {
    for (int i = 0; i < 10; i++) {
      send("i-" + i, i);
    }
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    List<ItemEmbedding> out = drain();
    assertEquals(10, out.size());
    assertEquals(10, decodes.get(), "one decode per image: validation's; the embedder reuses its tensor");
    for (ItemEmbedding e : out) {
      int i = Integer.parseInt(e.getItemId().substring(2));
      assertVector(direct(v1, images.get(i)), e);
    }
  }

  @Test
  void anItemChangedBeforeItsBatchEmbedsItsLatestImage() throws Exception {
    send("same", 0);
    send("same", 1); // a newer image of one item, in the same micro-batch
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    List<ItemEmbedding> out = drain();
    assertEquals(1, out.size(), "embedded once, with its latest image");
    assertVector(direct(v1, images.get(1)), out.getFirst());
    assertEquals(2, decodes.get());
  }

  @Test
  void duringASwapBothModelsEmbedOneDecodeAndTheBackFillDecodesTheCatalog() throws Exception {
    for (int i = 0; i < 6; i++) {
      send("i-" + i, i);
    }
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    assertEquals(6, drain().size());
    models.set(new IngestModels(v1, "index-1", v2, "index-2"));
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    List<ItemEmbedding> backfill = drain();
    assertEquals(6, backfill.size());
    assertEquals(12, decodes.get(), "the back-fill reads the catalog store: one decode per item");
    for (ItemEmbedding e : backfill) {
      assertVector(direct(v2, images.get(Integer.parseInt(e.getItemId().substring(2)))), e);
    }

    send("i-7", 7);
    driver.advanceWallClockTime(LINGER.multipliedBy(2));
    Map<String, ItemEmbedding> live = new HashMap<>();
    for (ItemEmbedding e : drain()) {
      live.put(e.getModelVersion(), e);
    }
    assertEquals(13, decodes.get(), "a live change embedded with both models is decoded once");
    assertTrue(live.keySet().containsAll(List.of("untrained-1", "untrained-2")), live.keySet().toString());
    assertVector(direct(v1, images.get(7)), live.get("untrained-1"));
    assertVector(direct(v2, images.get(7)), live.get("untrained-2"));
  }
}
