package com.hdcsearch.stream;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.online.TrainingFeed;
import com.hdcsearch.serving.ServingModel;
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
 * (latest image per item, tombstones delete) → micro-batch embedding with the serving model (and the incoming one
 * during a swap) → {@code catalog.embeddings}; accepted changes also go to the online trainer's feed. The index updater reads that topic on its own (see {@link IndexUpdater}).
 */
@ApplicationScoped
public class CatalogTopology {
  /** Latest valid image per item id. */
  public static final String CATALOG_STORE = "catalog";
  /** Item ids changed since they were last embedded, with their record timestamp. */
  public static final String PENDING_STORE = "pending-embeddings";
  /** Per task: which (version, index) pairs hold its whole catalog, and the cursor of a back-fill under way. */
  public static final String EMBED_PROGRESS_STORE = "embed-progress";

  private final ImageDecoding decoding;
  private final Supplier<IngestModels> models;
  private final TrainingFeed trainingFeed;
  private final PipelineMetrics metrics;
  private final int batchSize;
  private final Duration linger;
  private final Duration backfillBudget;
  private final RecordSizes sizes;
  private final PhaseHold phaseHold;

  @Inject
  CatalogTopology(ImageDecoding decoding, ServingModel model, TrainingFeed trainingFeed, PipelineMetrics metrics,
      StreamSettings settings) {
    this(decoding, model::ingestModels, trainingFeed, metrics, settings.batchSize(), settings.batchLinger(),
        settings.backfillBudget(), new RecordSizes(settings.maxImageBytes()), new PhaseHold(settings.phaseHold()));
  }

  /** A topology that embeds with only the model that {@code model} returns at batch time, and trains nothing. */
  public CatalogTopology(ImageDecoding decoding, Supplier<Embedder> model, PipelineMetrics metrics, int batchSize,
      Duration linger) {
    this(decoding, () -> IngestModels.servingOnly(model.get()), TrainingFeed.NONE, metrics, batchSize, linger,
        StreamSettings.DEFAULT_BACKFILL_BUDGET, RecordSizes.defaults());
  }

  /**
   * @param models the models ingest embeds with, read at every batch
   * @param trainingFeed gets every accepted change, for online training
   * @param backfillBudget embedding time per punctuation that back-filling a new index may take
   * @param sizes the largest record validation accepts, and what the catalog changelog accepts
   */
  public CatalogTopology(ImageDecoding decoding, Supplier<IngestModels> models, TrainingFeed trainingFeed,
      PipelineMetrics metrics, int batchSize, Duration linger, Duration backfillBudget, RecordSizes sizes) {
    this(decoding, models, trainingFeed, metrics, batchSize, linger, backfillBudget, sizes, PhaseHold.NONE);
  }

  /** As above, with the crash-campaign hook held in each embedded batch. */
  public CatalogTopology(ImageDecoding decoding, Supplier<IngestModels> models, TrainingFeed trainingFeed,
      PipelineMetrics metrics, int batchSize, Duration linger, Duration backfillBudget, RecordSizes sizes,
      PhaseHold phaseHold) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got: " + batchSize);
    }
    if (backfillBudget.isNegative() || backfillBudget.isZero()) {
      throw new IllegalArgumentException("backfillBudget must be positive, got: " + backfillBudget);
    }
    this.decoding = decoding;
    this.models = models;
    this.trainingFeed = trainingFeed;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.linger = linger;
    this.backfillBudget = backfillBudget;
    this.sizes = sizes;
    this.phaseHold = phaseHold;
  }

  /** The whole flow, top to bottom. */
  @Produces
  @Singleton
  public Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    // Validation's tensors for the embedder (each image decoded once), shared by the tasks of this topology.
    DecodedTensors decodedTensors = new DecodedTensors(DecodedTensors.DEFAULT_MAX_BYTES);
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.String(), Serdes.Long()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(EMBED_PROGRESS_STORE), Serdes.String(), Serdes.String()));

    // Raw bytes in: a value that does not deserialise must become a dead letter, not a stopped stream.
    KStream<String, Validated> validated = builder
        .stream(Topics.CATALOG_IMAGES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .processValues(() -> new ValidateProcessor(
            new CatalogValidator(AvroSerdes.catalogImage().deserializer(), decoding, sizes.acceptedRecordBytes()),
            metrics, () -> models.get().serving().imageSpec(), decodedTensors), Named.as("validate"));

    validated
        .filter((id, v) -> v.isRejected(), Named.as("rejected"))
        .mapValues(Validated::deadLetter, Named.as("dead-letter"))
        .to(Topics.CATALOG_IMAGES_DLQ, Produced.with(Serdes.String(), AvroSerdes.deadLetter()));

    KStream<String, EmbedOutcome> embedded = validated
        .filterNot((id, v) -> v.isRejected(), Named.as("accepted"))
        .mapValues(Validated::image, Named.as("image-or-delete"))
        // Accepted changes also feed the online trainer (it decides what it trains on and what it holds out).
        .peek(this::feedTraining, Named.as("training-feed"))
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
        .process(() -> new MicroBatchEmbedder(models, decoding, decodedTensors, metrics, batchSize, linger,
                backfillBudget, phaseHold),
            Named.as("embed"), CATALOG_STORE, PENDING_STORE, EMBED_PROGRESS_STORE);

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

  private void feedTraining(String itemId, CatalogImage image) {
    if (image == null) {
      trainingFeed.deleted(itemId);
    } else {
      trainingFeed.accepted(itemId, image);
    }
  }
}
