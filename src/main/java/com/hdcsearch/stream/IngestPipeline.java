package com.hdcsearch.stream;

import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.index.VectorIndex;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import com.hdcsearch.avro.CatalogImage;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import com.hdcsearch.kafka.Topics;
import org.jboss.logging.Logger;

/** The running ingest: Kafka Streams (validate, catalog, embed) and the index updater, started and stopped together. */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IngestPipeline.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** Producer batching delay: a few ms of batching, far below the embedding micro-batch. */
  private static final int PRODUCER_LINGER_MS = 5;

  private final KafkaStreams streams;
  private final DeadLetterWriter deadLetters;
  private final String bootstrapServers;
  private final PipelineMetrics metrics;
  private final Duration indexCommitInterval;
  private final PhaseHold phaseHold;
  private volatile IndexUpdater updater;

  /**
   * @param topology the production topology ({@link CatalogTopology#topology()})
   * @param bootstrapServers Kafka
   * @param applicationId the Streams application id
   * @param stateDir Streams' local state
   * @param threads stream threads
   * @param commitInterval Streams commit interval
   * @param serving the index the updater writes
   * @param indexCommitInterval how often the index is committed with its offsets
   */
  public IngestPipeline(Topology topology, String bootstrapServers, String applicationId, String stateDir, int threads,
      Duration commitInterval, ServingIndex serving, PipelineMetrics metrics, Duration indexCommitInterval) {
    this(topology, bootstrapServers, applicationId, stateDir, threads, commitInterval, serving, metrics,
        indexCommitInterval, RecordSizes.defaults());
  }

  /** As above, with {@code sizes}: the largest records the pipeline writes (from {@code hdc.stream.max-image-bytes}). */
  public IngestPipeline(Topology topology, String bootstrapServers, String applicationId, String stateDir, int threads,
      Duration commitInterval, ServingIndex serving, PipelineMetrics metrics, Duration indexCommitInterval,
      RecordSizes sizes) {
    this(topology, bootstrapServers, applicationId, stateDir, threads, commitInterval, serving, metrics,
        indexCommitInterval, sizes, PhaseHold.NONE);
  }

  /** As above, with the crash-campaign hook held inside each index commit of its updaters. */
  public IngestPipeline(Topology topology, String bootstrapServers, String applicationId, String stateDir, int threads,
      Duration commitInterval, ServingIndex serving, PipelineMetrics metrics, Duration indexCommitInterval,
      RecordSizes sizes, PhaseHold phaseHold) {
    this.phaseHold = phaseHold;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
    // Images are up to a few MB: the producer, and every internal topic Streams creates (the catalog changelog sets its
    // own), must take the largest record validation accepts; a record Kafka still refuses becomes a dead letter.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), sizes.producerRequestBytes());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), sizes.producerBufferBytes());
    props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), String.valueOf(sizes.storedRecordBytes()));
    this.deadLetters = new DeadLetterWriter(bootstrapServers, sizes, metrics);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnProduceFailure.class);
    props.put(DeadLetterOnProduceFailure.WRITER_CONFIG, deadLetters);
    // Leave the group on close (Streams keeps its members by default, expecting them back): otherwise a restarted
    // instance waits a whole session timeout (45 s) before it gets its partitions again.
    props.put(StreamsConfig.consumerPrefix("internal.leave.group.on.close"), true);
    this.streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("A stream thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
          .REPLACE_THREAD;
    });
    this.bootstrapServers = bootstrapServers;
    this.metrics = metrics;
    this.indexCommitInterval = indexCommitInterval;
    this.updater = newUpdater(serving.current(), true);
  }

  /**
   * An updater for {@code index} with this pipeline's Kafka, metrics and commit interval; not started.
   *
   * @param measureFreshness see {@link IndexUpdater}: true for the serving index only
   */
  public IndexUpdater newUpdater(VectorIndex index, boolean measureFreshness) {
    return new IndexUpdater(bootstrapServers, index, metrics, indexCommitInterval, measureFreshness, phaseHold);
  }

  /** Makes {@code next} the updater of the serving index and stops the previous one (which commits its index). */
  public synchronized void replaceUpdater(IndexUpdater next) throws InterruptedException {
    IndexUpdater previous = updater;
    updater = next;
    previous.close();
  }

  public void start() {
    updater.start();
    streams.start();
  }

  /** Kafka Streams' state: RUNNING once partitions are assigned and stores restored. */
  public KafkaStreams.State streamsState() {
    return streams.state();
  }

  /**
   * Records of {@code catalog.images} not yet read by this instance's stream threads (the consumers' lag, summed
   * over the partitions they hold): how far ingest is behind. The online trainer yields when it grows.
   */
  public long inputLag() {
    long lag = 0;
    for (var e : streams.metrics().entrySet()) {
      var name = e.getKey();
      if ("records-lag".equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
          && Topics.CATALOG_IMAGES.equals(name.tags().get("topic"))) {
        Object v = e.getValue().metricValue();
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
          lag += (long) n.doubleValue();
        }
      }
    }
    return lag;
  }

  /** True when the streams run and the index updater consumes. */
  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING && updater.isAlive();
  }

  /**
   * The latest accepted image of an item from the catalog store; empty when unknown or when this instance does not
   * hold the item's partition (one instance holds them all).
   *
   * @throws IllegalStateException while the streams are not running (e.g. rebalancing)
   */
  public Optional<CatalogImage> catalogImage(String itemId) {
    try {
      ReadOnlyKeyValueStore<String, ValueAndTimestamp<CatalogImage>> store = streams.store(
          StoreQueryParameters.fromNameAndType(CatalogTopology.CATALOG_STORE,
              QueryableStoreTypes.<String, CatalogImage>timestampedKeyValueStore()));
      return Optional.ofNullable(store.get(itemId)).map(ValueAndTimestamp::value);
    } catch (InvalidStateStoreException e) {
      throw new IllegalStateException("the catalog store is not queryable now: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      streams.close(CLOSE_TIMEOUT);
    } finally {
      deadLetters.close();
      updater.close();
    }
  }
}
