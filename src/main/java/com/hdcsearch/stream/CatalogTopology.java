package com.hdcsearch.stream;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.stream.serde.AvroSerdes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The ingest flow: {@code catalog.images} → validate (bad records to {@code catalog.images.dlq}) → the catalog table
 * (latest image per item, tombstones delete) → micro-batch embedding with the serving model →
 * {@code catalog.embeddings}. The index updater reads that topic on its own (see {@link IndexUpdater}).
 */
@ApplicationScoped
public class CatalogTopology {
  /** Latest valid image per item id. */
  public static final String CATALOG_STORE = "catalog";
  /** Item ids changed since they were last embedded, with their record timestamp. */
  public static final String PENDING_STORE = "pending-embeddings";
  /** The model version the task's catalog was last queued for: a different serving model re-embeds the catalog. */
  public static final String EMBEDDED_MODEL_STORE = "embedded-model";

  private final ImageDecoding decoding;
  private final Supplier<Embedder> model;
  private final PipelineMetrics metrics;
  private final int batchSize;
  private final Duration linger;
  private final RecordSizes sizes;

  @Inject
  CatalogTopology(ImageDecoding decoding, ServingModel model, PipelineMetrics metrics, StreamSettings settings) {
    this(decoding, model::embedder, metrics, settings.batchSize(), settings.batchLinger(),
        new RecordSizes(settings.maxImageBytes()));
  }

  /** A topology that embeds with whatever {@code model} returns at batch time, with the default record sizes. */
  public CatalogTopology(ImageDecoding decoding, Supplier<Embedder> model, PipelineMetrics metrics, int batchSize,
      Duration linger) {
    this(decoding, model, metrics, batchSize, linger, RecordSizes.defaults());
  }

  /** As above, with {@code sizes}: the largest record validation accepts, and what the catalog changelog accepts. */
  public CatalogTopology(ImageDecoding decoding, Supplier<Embedder> model, PipelineMetrics metrics, int batchSize,
      Duration linger, RecordSizes sizes) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got: " + batchSize);
    }
    this.decoding = decoding;
    this.model = model;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.linger = linger;
    this.sizes = sizes;
  }

  /** The whole flow, top to bottom. */
  @Produces
  @Singleton
  public Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.String(), Serdes.Long()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(EMBEDDED_MODEL_STORE), Serdes.String(), Serdes.String()));

    // Raw bytes in: a value that does not deserialise must become a dead letter, not a stopped stream.
    KStream<String, Validated> validated = builder
        .stream(Topics.CATALOG_IMAGES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .processValues(() -> new ValidateProcessor(
            new CatalogValidator(AvroSerdes.catalogImage().deserializer(), decoding, sizes.acceptedRecordBytes()),
            metrics), Named.as("validate"));

    validated
        .filter((id, v) -> v.isRejected(), Named.as("rejected"))
        .mapValues(Validated::deadLetter, Named.as("dead-letter"))
        .to(Topics.CATALOG_IMAGES_DLQ, Produced.with(Serdes.String(), AvroSerdes.deadLetter()));

    KStream<String, EmbedOutcome> embedded = validated
        .filterNot((id, v) -> v.isRejected(), Named.as("accepted"))
        .mapValues(Validated::image, Named.as("image-or-delete"))
        .toTable(Named.as("catalog-table"),
            Materialized.<String, CatalogImage, KeyValueStore<Bytes, byte[]>>as(CATALOG_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(AvroSerdes.catalogImage())
                // Its changelog holds whole images: the broker's default of 1 MB would refuse valid ones.
                .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    String.valueOf(sizes.storedRecordBytes())))
                // Caching would hold changes back until the next commit: latency matters more than dedup here.
                .withCachingDisabled())
        .toStream(Named.as("catalog-changes"))
        .process(() -> new MicroBatchEmbedder(model, decoding, metrics, batchSize, linger), Named.as("embed"),
            CATALOG_STORE, PENDING_STORE, EMBEDDED_MODEL_STORE);

    embedded
        .filter((id, o) -> o.isFailure(), Named.as("embed-failed"))
        .mapValues(EmbedOutcome::failure, Named.as("embed-dead-letter"))
        .to(Topics.CATALOG_IMAGES_DLQ, Produced.with(Serdes.String(), AvroSerdes.deadLetter()));

    embedded
        .filterNot((id, o) -> o.isFailure(), Named.as("embed-ok"))
        .mapValues(EmbedOutcome::embedding, Named.as("embedding-or-tombstone"))
        .to(Topics.CATALOG_EMBEDDINGS, Produced.with(Serdes.String(), AvroSerdes.itemEmbedding()));

    return builder.build();
  }
}
