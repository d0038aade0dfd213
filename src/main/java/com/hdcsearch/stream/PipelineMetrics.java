package com.hdcsearch.stream;

import com.hdcsearch.metrics.BucketQuantile;
import com.hdcsearch.metrics.KafkaMeters;
import com.hdcsearch.metrics.LatencyBuckets;
import com.hdcsearch.metrics.VersionedTimers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The ingest pipeline's meters: records in and out of validation, embedding throughput, index updates, freshness, and
 * Kafka's own metrics of the pipeline's clients. Latencies are histograms with fixed buckets ({@link LatencyBuckets}),
 * tagged with the model version that did the work.
 */
public final class PipelineMetrics {
  /** How often Kafka's metric lists are read again by default ({@code hdc.metrics.kafka-refresh}). */
  public static final Duration DEFAULT_KAFKA_REFRESH = Duration.ofSeconds(15);

  private final KafkaMeters kafkaMeters;
  private final Counter recordsIn;
  private final Counter recordsAccepted;
  private final Map<RejectReason, Counter> deadLettered = new EnumMap<>(RejectReason.class);
  private final Counter imagesEmbedded;
  private final VersionedTimers batchLatency;
  private final DistributionSummary batchSize;
  private final Counter upserts;
  private final Counter deletes;
  private final Counter skippedOtherVersion;
  private final Counter updateFailures;
  private final VersionedTimers produceToSearchable;
  private final VersionedTimers refreshLatency;
  private final Counter backfilled;
  private final Counter incomingEmbedFailures;
  private final List<LongConsumer> searchableListeners = new CopyOnWriteArrayList<>();

  public PipelineMetrics(MeterRegistry registry) {
    this(registry, DEFAULT_KAFKA_REFRESH);
  }

  /** As above, Kafka's metric lists read again every {@code kafkaRefresh}. */
  public PipelineMetrics(MeterRegistry registry, Duration kafkaRefresh) {
    this.kafkaMeters = new KafkaMeters(registry, kafkaRefresh);
    batchLatency = new VersionedTimers(registry, "hdc.embed.batch.latency", "time of one model call on a micro-batch",
        LatencyBuckets.WORK, Tags.empty(), VersionedTimers.DEFAULT_KEEP);
    produceToSearchable = new VersionedTimers(registry, "hdc.freshness.produce.to.searchable",
        "from the catalog.images record timestamp to searchable in the index", LatencyBuckets.FRESHNESS, Tags.empty(),
        VersionedTimers.DEFAULT_KEEP);
    refreshLatency = new VersionedTimers(registry, "hdc.index.refresh.latency", "time of one near-real-time reopen",
        LatencyBuckets.WORK, Tags.empty(), VersionedTimers.DEFAULT_KEEP);
    recordsIn = Counter.builder("hdc.ingest.records.in").description("catalog.images records read").register(registry);
    recordsAccepted = Counter.builder("hdc.ingest.records.accepted")
        .description("records that passed validation (images and deletes)").register(registry);
    for (RejectReason r : RejectReason.values()) {
      deadLettered.put(r, Counter.builder("hdc.ingest.records.deadlettered").tag("reason", r.name())
          .description("records sent to catalog.images.dlq").register(registry));
    }
    imagesEmbedded = Counter.builder("hdc.embed.images").description("images embedded").register(registry);
    batchSize = DistributionSummary.builder("hdc.embed.batch.size").description("images per micro-batch")
        .register(registry);
    upserts = updates(registry, "upsert");
    deletes = updates(registry, "delete");
    skippedOtherVersion = updates(registry, "skipped_other_version");
    updateFailures = updates(registry, "failed");
    backfilled = Counter.builder("hdc.embed.backfilled")
        .description("catalog items re-embedded into a new index (a swap's incoming version, a rebuilt index)")
        .register(registry);
    incomingEmbedFailures = Counter.builder("hdc.embed.incoming.failures")
        .description("images the incoming model of a swap failed on (they keep serving with the current one)")
        .register(registry);
  }

  void recordBackfilled(int images) {
    backfilled.increment(images);
  }

  void recordIncomingEmbedFailure() {
    incomingEmbedFailures.increment();
  }

  /** Catalog items re-embedded into new indexes so far. */
  public double backfilled() {
    return backfilled.count();
  }

  private static Counter updates(MeterRegistry registry, String op) {
    return Counter.builder("hdc.index.updates").tag("op", op).description("catalog.embeddings records applied")
        .register(registry);
  }

  void recordIn() {
    recordsIn.increment();
  }

  void recordAccepted() {
    recordsAccepted.increment();
  }

  void recordDeadLettered(RejectReason reason) {
    deadLettered.get(reason).increment();
  }

  void recordBatch(String modelVersion, int images, long nanos) {
    imagesEmbedded.increment(images);
    batchSize.record(images);
    batchLatency.of(modelVersion).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Binds Kafka Streams' own metrics (threads, tasks, their consumers' lag and rebalances) until closed. */
  public AutoCloseable bindKafka(KafkaStreams streams) {
    return kafkaMeters.bind(streams);
  }

  /** Binds a consumer's own metrics (lag per partition, fetch rates) until closed. */
  public AutoCloseable bindKafka(Consumer<?, ?> consumer) {
    return kafkaMeters.bind(consumer);
  }

  void recordUpsert() {
    upserts.increment();
  }

  void recordDelete() {
    deletes.increment();
  }

  void recordSkippedOtherVersion() {
    skippedOtherVersion.increment();
  }

  void recordUpdateFailure() {
    updateFailures.increment();
  }

  void recordSearchable(String modelVersion, long millis) {
    produceToSearchable.of(modelVersion).record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    for (LongConsumer listener : searchableListeners) {
      listener.accept(millis);
    }
  }

  /** Also tells {@code listener} each produce-to-searchable latency in ms (the dashboard's per-interval figures). */
  public void onSearchable(LongConsumer listener) {
    searchableListeners.add(listener);
  }

  /** Records read from catalog.images so far. */
  public double recordsIn() {
    return recordsIn.count();
  }

  /** Records that passed validation so far. */
  public double recordsAccepted() {
    return recordsAccepted.count();
  }

  void recordRefresh(String modelVersion, long nanos) {
    refreshLatency.of(modelVersion).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The counters and latencies as one map, for the model endpoint. */
  public Map<String, Object> summary() {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("recordsIn", (long) recordsIn.count());
    out.put("recordsAccepted", (long) recordsAccepted.count());
    Map<String, Long> dead = new java.util.TreeMap<>();
    deadLettered.forEach((r, c) -> {
      if (c.count() > 0) {
        dead.put(r.name(), (long) c.count());
      }
    });
    out.put("deadLettered", dead);
    out.put("imagesEmbedded", (long) imagesEmbedded.count());
    out.put("embedBatchMeanMs", meanMillis(batchLatency));
    out.put("indexUpserts", (long) upserts.count());
    out.put("indexDeletes", (long) deletes.count());
    // Estimated from the histogram buckets that Prometheus scrapes, over the model versions kept.
    out.put("produceToSearchableP50Ms", BucketQuantile.millis(produceToSearchable.timers(), 0.5));
    out.put("produceToSearchableP99Ms", BucketQuantile.millis(produceToSearchable.timers(), 0.99));
    out.put("refreshP50Ms", BucketQuantile.millis(refreshLatency.timers(), 0.5));
    return out;
  }

  private static double meanMillis(VersionedTimers byVersion) {
    long count = 0;
    double total = 0;
    for (Timer t : byVersion.timers()) {
      count += t.count();
      total += t.totalTime(TimeUnit.MILLISECONDS);
    }
    return count == 0 ? 0 : total / count;
  }

  /** Records refused so far for {@code reason}. */
  public double deadLettered(RejectReason reason) {
    return deadLettered.get(reason).count();
  }

  /** Images embedded so far. */
  public double imagesEmbedded() {
    return imagesEmbedded.count();
  }

  /** The {@code q} quantile of produce-to-searchable latency so far, over the versions kept (from the buckets). */
  public double produceToSearchableMillis(double q) {
    return BucketQuantile.millis(produceToSearchable.timers(), q);
  }

  /** Items of {@code modelVersion}'s index whose produce-to-searchable latency was recorded. */
  public long searchableRecorded(String modelVersion) {
    return produceToSearchable.count(modelVersion);
  }

  /** The longest produce-to-searchable latency so far. */
  public double produceToSearchableMaxMillis() {
    return produceToSearchable.timers().stream().mapToDouble(t -> t.max(TimeUnit.MILLISECONDS)).max().orElse(0);
  }
}
