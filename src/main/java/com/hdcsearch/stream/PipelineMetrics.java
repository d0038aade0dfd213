package com.hdcsearch.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** The ingest pipeline's meters: records in and out of validation, embedding throughput, index updates, freshness. */
public final class PipelineMetrics {
  private final Counter recordsIn;
  private final Counter recordsAccepted;
  private final Map<RejectReason, Counter> deadLettered = new EnumMap<>(RejectReason.class);
  private final Counter imagesEmbedded;
  private final Timer batchLatency;
  private final DistributionSummary batchSize;
  private final Counter upserts;
  private final Counter deletes;
  private final Counter skippedOtherVersion;
  private final Counter updateFailures;
  private final Timer produceToSearchable;
  private final Timer refreshLatency;
  private final Counter backfilled;
  private final Counter incomingEmbedFailures;
  private final List<LongConsumer> searchableListeners = new CopyOnWriteArrayList<>();

  public PipelineMetrics(MeterRegistry registry) {
    recordsIn = Counter.builder("hdc.ingest.records.in").description("catalog.images records read").register(registry);
    recordsAccepted = Counter.builder("hdc.ingest.records.accepted")
        .description("records that passed validation (images and deletes)").register(registry);
    for (RejectReason r : RejectReason.values()) {
      deadLettered.put(r, Counter.builder("hdc.ingest.records.deadlettered").tag("reason", r.name())
          .description("records sent to catalog.images.dlq").register(registry));
    }
    imagesEmbedded = Counter.builder("hdc.embed.images").description("images embedded").register(registry);
    batchLatency = Timer.builder("hdc.embed.batch.latency").description("time of one model call on a micro-batch")
        .publishPercentiles(0.5, 0.99).register(registry);
    batchSize = DistributionSummary.builder("hdc.embed.batch.size").description("images per micro-batch")
        .register(registry);
    upserts = updates(registry, "upsert");
    deletes = updates(registry, "delete");
    skippedOtherVersion = updates(registry, "skipped_other_version");
    updateFailures = updates(registry, "failed");
    produceToSearchable = Timer.builder("hdc.freshness.produce.to.searchable")
        .description("from the catalog.images record timestamp to searchable in the index")
        .publishPercentiles(0.5, 0.99).register(registry);
    refreshLatency = Timer.builder("hdc.index.refresh.latency").description("time of one near-real-time reopen")
        .publishPercentiles(0.5, 0.99).register(registry);
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

  void recordBatch(int images, long nanos) {
    imagesEmbedded.increment(images);
    batchSize.record(images);
    batchLatency.record(nanos, TimeUnit.NANOSECONDS);
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

  void recordSearchable(long millis) {
    produceToSearchable.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
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

  void recordRefresh(long nanos) {
    refreshLatency.record(nanos, TimeUnit.NANOSECONDS);
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
    out.put("embedBatchMeanMs", batchLatency.mean(TimeUnit.MILLISECONDS));
    out.put("indexUpserts", (long) upserts.count());
    out.put("indexDeletes", (long) deletes.count());
    out.put("produceToSearchableP50Ms", percentileMillis(produceToSearchable, 0));
    out.put("produceToSearchableP99Ms", percentileMillis(produceToSearchable, 1));
    out.put("refreshP50Ms", percentileMillis(refreshLatency, 0));
    return out;
  }

  private static double percentileMillis(Timer timer, int index) {
    var values = timer.takeSnapshot().percentileValues();
    return values.length > index ? values[index].value(TimeUnit.MILLISECONDS) : Double.NaN;
  }

  /** Records refused so far for {@code reason}. */
  public double deadLettered(RejectReason reason) {
    return deadLettered.get(reason).count();
  }

  /** Images embedded so far. */
  public double imagesEmbedded() {
    return imagesEmbedded.count();
  }

  /** Produce-to-searchable latencies seen so far. */
  public Timer produceToSearchable() {
    return produceToSearchable;
  }

  /** Embedding batch latencies seen so far. */
  public Timer batchLatency() {
    return batchLatency;
  }
}
