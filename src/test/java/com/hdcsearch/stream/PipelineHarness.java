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
final class PipelineHarness implements AutoCloseable {
  static final int PARTITIONS = 2;
  static final int BATCH_SIZE = 32;
  static final Duration LINGER = Duration.ofMillis(50);
  /** 1 MiB: the test's "huge" record is just over it. */
  static final int MAX_IMAGE_BYTES = 1 << 20;
  static final int MAX_IMAGE_PIXELS = 1024 * 1024;

  final EmbeddedKafkaBroker broker;
  final KafkaProducer<String, byte[]> producer;

  PipelineHarness(Path kafkaDir) {
    broker = EmbeddedKafkaBroker.start(kafkaDir, 0);
    TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(PARTITIONS));
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** The pipeline with its index, as the service runs them. */
  final class Running implements AutoCloseable {
    final ServingIndex serving;
    final ServingModel model;
    final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    final IngestPipeline pipeline;

    Running(Embedder model, Path indexDir, Path stateDir, String appId) throws Exception {
      this(model, indexDir, stateDir, appId, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS);
    }

    Running(Embedder model, Path indexDir, Path stateDir, String appId, int maxImageBytes, long maxImagePixels)
        throws Exception {
      VectorIndex index = VectorIndex.open(FSDirectory.open(indexDir), model.modelVersion(), model.dimension(),
          HnswConfig.defaults());
      serving = new ServingIndex(index);
      this.model = new ServingModel(model);
      var decoding = new SharedImageDecoding(maxImageBytes, maxImagePixels);
      var sizes = new RecordSizes(maxImageBytes);
      var topology = new CatalogTopology(decoding, this.model::embedder, metrics, BATCH_SIZE, LINGER, sizes).topology();
      pipeline = new IngestPipeline(topology, broker.bootstrapServers(), appId, stateDir.toString(), 1,
          Duration.ofMillis(200), serving, metrics, Duration.ofMillis(500), sizes);
      pipeline.start();
    }

    VectorIndex index() {
      return serving.current();
    }

    @Override
    public void close() throws Exception {
      pipeline.close();
      serving.close();
    }
  }

  Running start(Embedder model, Path indexDir, Path stateDir, String appId) throws Exception {
    return new Running(model, indexDir, stateDir, appId);
  }

  /** The pipeline with the service's image limits instead of the harness's small ones. */
  Running start(Embedder model, Path indexDir, Path stateDir, String appId, int maxImageBytes, long maxImagePixels)
      throws Exception {
    return new Running(model, indexDir, stateDir, appId, maxImageBytes, maxImagePixels);
  }

  void send(String key, byte[] value) {
    producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, key, value));
  }

  static void await(Duration timeout, BooleanSupplier done, String what) throws InterruptedException {
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
