package com.hdcsearch.stream;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.kafka.EmbeddedKafkaBroker;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.TopicCreator;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.online.TrainingFeed;
import com.hdcsearch.serving.ServingModel;
import com.hdcsearch.stream.serde.AvroSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.lucene.store.FSDirectory;

/** A real broker, and helpers to run the production pipeline against it with a test model. */
public final class PipelineHarness implements AutoCloseable {
  public static final int PARTITIONS = 2;
  public static final int BATCH_SIZE = 32;
  public static final Duration LINGER = Duration.ofMillis(50);
  /** 1 MiB: the test's "huge" record is just over it. */
  public static final int MAX_IMAGE_BYTES = 1 << 20;
  public static final int MAX_IMAGE_PIXELS = 1024 * 1024;

  public final EmbeddedKafkaBroker broker;
  public final KafkaProducer<String, byte[]> producer;

  public PipelineHarness(Path kafkaDir) {
    broker = EmbeddedKafkaBroker.start(kafkaDir, 0);
    TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(PARTITIONS));
    // One request in flight: a retried first batch can never fall behind a later one (see TopicCreator).
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** The pipeline with its index, as the service runs them. */
  public final class Running implements AutoCloseable {
    public final ServingIndex serving;
    public final ServingModel model;
    public final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    public final IngestPipeline pipeline;

    Running(Embedder model, Path indexDir, Path stateDir, String appId) throws Exception {
      this(model, indexDir, stateDir, appId, StreamSettings.DEFAULT_BACKFILL_BUDGET, MAX_IMAGE_BYTES,
          MAX_IMAGE_PIXELS);
    }

    Running(Embedder model, Path indexDir, Path stateDir, String appId, Duration backfillBudget, int maxImageBytes,
        long maxImagePixels) throws Exception {
      VectorIndex index = VectorIndex.open(FSDirectory.open(indexDir), model.modelVersion(), model.dimension(),
          HnswConfig.defaults());
      serving = new ServingIndex(index);
      this.model = new ServingModel(model, index.indexId());
      var decoding = new SharedImageDecoding(maxImageBytes, maxImagePixels);
      var sizes = new RecordSizes(maxImageBytes);
      var topology = new CatalogTopology(decoding, this.model::ingestModels, TrainingFeed.NONE, metrics, BATCH_SIZE,
          LINGER, backfillBudget, sizes).topology();
      pipeline = new IngestPipeline(topology, broker.bootstrapServers(), appId, stateDir.toString(), 1,
          Duration.ofMillis(200), serving, metrics, Duration.ofMillis(500), sizes);
      pipeline.start();
    }

    public VectorIndex index() {
      return serving.current();
    }

    @Override
    public void close() throws Exception {
      pipeline.close();
      serving.close();
    }
  }

  public Running start(Embedder model, Path indexDir, Path stateDir, String appId) throws Exception {
    return new Running(model, indexDir, stateDir, appId);
  }

  /** As {@link #start(Embedder, Path, Path, String)} with a back-fill budget per punctuation. */
  public Running start(Embedder model, Path indexDir, Path stateDir, String appId, Duration backfillBudget)
      throws Exception {
    return new Running(model, indexDir, stateDir, appId, backfillBudget, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS);
  }

  /** The pipeline with the service's image limits instead of the harness's small ones. */
  public Running start(Embedder model, Path indexDir, Path stateDir, String appId, int maxImageBytes,
      long maxImagePixels) throws Exception {
    return new Running(model, indexDir, stateDir, appId, StreamSettings.DEFAULT_BACKFILL_BUDGET, maxImageBytes,
        maxImagePixels);
  }

  public void send(String key, byte[] value) {
    producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, key, value));
  }

  public static void await(Duration timeout, BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    producer.close();
    broker.close();
  }
}
