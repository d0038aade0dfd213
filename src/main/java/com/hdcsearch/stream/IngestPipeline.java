package com.hdcsearch.stream;

import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.Replication;
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
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
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
  private final AutoCloseable streamsMeters;
  private final DeadLetterWriter deadLetters;
  private final KafkaClients clients;
  private final PipelineMetrics metrics;
  private final Duration indexCommitInterval;
  private final PhaseHold phaseHold;
  private volatile IndexUpdater updater;
  /** This instance as announced to the others; null without {@code application.server}. */
  private final HostInfo self;

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
    this(topology, KafkaClients.of(bootstrapServers), Replication.brokerDefaults(), Optional.empty(), applicationId,
        stateDir, threads, commitInterval, serving, metrics, indexCommitInterval, sizes, PhaseHold.NONE);
  }

  /**
   * As above, on the cluster of {@code clients} (its passthrough reaches every client Streams makes), Streams'
   * internal topics replicated as {@code replication}, and {@code applicationServer} ({@code host:port} of this
   * instance's HTTP API) announced to the other instances, so that they can find the instance that holds an item's
   * catalog partition; {@code phaseHold}
   * is the crash-campaign hook held inside each index commit of its updaters.
   */
  public IngestPipeline(Topology topology, KafkaClients clients, Replication replication,
      Optional<String> applicationServer, String applicationId, String stateDir, int threads, Duration commitInterval,
      ServingIndex serving, PipelineMetrics metrics, Duration indexCommitInterval, RecordSizes sizes,
      PhaseHold phaseHold) {
    this.phaseHold = phaseHold;
    Properties props = clients.streamsConfig(applicationId);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication.factor());
    replication.minInsyncReplicas().ifPresent(n ->
        props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), String.valueOf(n)));
    applicationServer.ifPresent(server -> props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
    this.self = applicationServer.map(HostInfo::buildFromEndpoint).orElse(null);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
    // Images are up to a few MB: the producer, and every internal topic Streams creates (the catalog changelog sets its
    // own), must take the largest record validation accepts; a record Kafka still refuses becomes a dead letter.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), sizes.producerRequestBytes());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), sizes.producerBufferBytes());
    props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), String.valueOf(sizes.storedRecordBytes()));
    this.deadLetters = new DeadLetterWriter(clients, sizes, metrics);
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
    this.streamsMeters = metrics.bindKafka(streams);
    this.clients = clients;
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
    return new IndexUpdater(clients, index, metrics, indexCommitInterval, measureFreshness, phaseHold);
  }

  /** Pauses the serving index's updater: see {@link IndexUpdater#pause}. */
  public synchronized IndexUpdater.Hold pauseUpdater() {
    return updater.pause();
  }

  /** Makes {@code next} the updater of the serving index and stops the previous one (which commits its index). */
  public synchronized void replaceUpdater(IndexUpdater next) throws InterruptedException {
    IndexUpdater previous = updater;
    // The new serving index's writes are what users wait for now (a swap's updater starts without measuring).
    next.startMeasuringFreshness();
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
   * True while lookups can be answered: the streams run or rebalance (another instance joined or left and partitions
   * move; the index is whole on every instance, so it answers all the while) and the index updater consumes. Readiness
   * follows this, so that a rebalance does not take every instance out of the load balancer at once.
   */
  public boolean isServing() {
    KafkaStreams.State state = streams.state();
    return (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) && updater.isAlive();
  }

  /**
   * Why this pipeline cannot recover by itself: Kafka Streams failed or stopped, or the index updater died; empty while
   * it works or is still starting. Liveness follows this.
   */
  public Optional<String> broken() {
    KafkaStreams.State state = streams.state();
    if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
        || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
      return Optional.of("Kafka Streams is " + state);
    }
    if (state != KafkaStreams.State.CREATED && !updater.isAlive()) {
      return Optional.of("the index updater stopped");
    }
    return Optional.empty();
  }

  /**
   * Which instance holds {@code itemId}'s catalog partition, from the Streams metadata that every instance of the
   * application shares ({@code application.server}).
   */
  public CatalogOwner catalogOwner(String itemId) {
    KeyQueryMetadata meta;
    try {
      meta = streams.queryMetadataForKey(CatalogTopology.CATALOG_STORE, itemId,
          org.apache.kafka.common.serialization.Serdes.String().serializer());
    } catch (IllegalStateException | StreamsException e) {
      return CatalogOwner.UNKNOWN; // not started, or shutting down
    }
    if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE) || self == null) {
      return CatalogOwner.UNKNOWN;
    }
    return new CatalogOwner(Optional.of(meta.activeHost()).filter(h -> !h.equals(HostInfo.unavailable()))
        .map(IngestPipeline::address), meta.standbyHosts().stream().map(IngestPipeline::address).toList(),
        meta.activeHost().equals(self));
  }

  private static String address(HostInfo host) {
    return host.host() + ":" + host.port();
  }

  /**
   * The latest accepted image of an item from this instance's catalog store (its active or standby tasks); empty when
   * unknown or when this instance does not hold the item's partition (see {@link #catalogOwner}).
   *
   * @throws IllegalStateException while the streams are not running (e.g. rebalancing)
   */
  public Optional<CatalogImage> catalogImage(String itemId) {
    try {
      ReadOnlyKeyValueStore<String, ValueAndTimestamp<CatalogImage>> store = streams.store(
          StoreQueryParameters.fromNameAndType(CatalogTopology.CATALOG_STORE,
              QueryableStoreTypes.<String, CatalogImage>timestampedKeyValueStore())
              // A standby copy (num.standby.replicas) answers too: other instances ask it when the active one fails.
              .enableStaleStores());
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
      closeMeters();
      deadLetters.close();
      updater.close();
    }
  }

  private void closeMeters() {
    try {
      streamsMeters.close();
    } catch (Exception e) {
      LOG.warn("Could not unbind the Kafka Streams metrics", e);
    }
  }
}
