package com.hdcsearch.stream;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.avro.ItemEmbedding;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.Embedder;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.jboss.logging.Logger;

/**
 * Embeds catalog changes in micro-batches, with every model that ingest writes with ({@link IngestModels}: the
 * serving one, and during a swap the incoming one too, so the serving index never goes stale and the new one is
 * complete when it takes over). Each changed item id is put into a pending store (changelogged, so a crash
 * re-embeds rather than loses it); a batch is embedded when {@code batchSize} items wait or every {@code linger}.
 * The image is read from the catalog store at embedding time, so an item changed twice within one batch is embedded
 * once, with its latest image. Deletes pass through at once (they apply to every index).
 *
 * <p>A model whose index does not hold this task's catalog yet (a swap's incoming version, a rebuilt index) is
 * back-filled from the catalog store in bounded slices, at most {@code backfillBudget} of embedding per
 * punctuation after the live changes, with a cursor in the progress store: the stream thread keeps polling, live
 * changes keep their latency, and a restart resumes where the slice stopped. Live changes and back-fill run on this
 * one thread, in order, so a back-filled vector never overtakes a newer live one.
 */
final class MicroBatchEmbedder implements Processor<String, CatalogImage, String, EmbedOutcome> {
  private static final Logger LOG = Logger.getLogger(MicroBatchEmbedder.class);
  private static final String DONE = "done:";
  private static final String CURSOR = "cursor:";

  private final Supplier<IngestModels> models;
  private final ImageDecoding decoding;
  private final PipelineMetrics metrics;
  private final int batchSize;
  private final Duration linger;
  private final Duration backfillBudget;
  private final PhaseHold phaseHold;
  private ProcessorContext<String, EmbedOutcome> context;
  private KeyValueStore<String, ValueAndTimestamp<CatalogImage>> catalog;
  private KeyValueStore<String, Long> pending;
  private KeyValueStore<String, String> progress;
  /** Items in the pending store; recounted on start, so only a trigger, never a source of truth. */
  private long pendingCount;

  MicroBatchEmbedder(Supplier<IngestModels> models, ImageDecoding decoding, PipelineMetrics metrics, int batchSize,
      Duration linger, Duration backfillBudget, PhaseHold phaseHold) {
    this.models = models;
    this.decoding = decoding;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.linger = linger;
    this.backfillBudget = backfillBudget;
    this.phaseHold = phaseHold;
  }

  @Override
  public void init(ProcessorContext<String, EmbedOutcome> context) {
    this.context = context;
    this.catalog = context.getStateStore(CatalogTopology.CATALOG_STORE);
    this.pending = context.getStateStore(CatalogTopology.PENDING_STORE);
    this.progress = context.getStateStore(CatalogTopology.EMBED_PROGRESS_STORE);
    pendingCount = pending.approximateNumEntries();
    boolean startedEmpty;
    try (KeyValueIterator<String, ValueAndTimestamp<CatalogImage>> it = catalog.all()) {
      startedEmpty = !it.hasNext();
    }
    if (startedEmpty) {
      // Everything this task will hold arrives from now on and is embedded live: the serving index misses nothing.
      progress.put(DONE + models.get().targets().getFirst().backfillKey(), Instant.now().toString());
    }
    context.schedule(linger, PunctuationType.WALL_CLOCK_TIME, now -> {
      flush();
      backfill();
    });
  }

  @Override
  public void process(Record<String, CatalogImage> record) {
    if (record.value() == null) {
      if (pending.delete(record.key()) != null) {
        pendingCount--;
      }
      context.forward(record.withValue(EmbedOutcome.delete()));
      return;
    }
    // The record timestamp (the producer's) travels on, so that the index can measure produce-to-searchable.
    if (pending.putIfAbsent(record.key(), record.timestamp()) == null) {
      pendingCount++;
    }
    if (pendingCount >= batchSize) {
      flush();
    }
  }

  /** Embeds everything pending, batch by batch, with every ingest model. */
  private void flush() {
    while (true) {
      List<KeyValue<String, Long>> batch = new ArrayList<>(batchSize);
      try (KeyValueIterator<String, Long> it = pending.all()) {
        while (it.hasNext() && batch.size() < batchSize) {
          batch.add(it.next());
        }
      }
      if (batch.isEmpty()) {
        pendingCount = 0;
        return;
      }
      embedBatch(batch, models.get().targets());
      for (KeyValue<String, Long> kv : batch) {
        pending.delete(kv.key);
      }
      pendingCount = Math.max(0, pendingCount - batch.size());
    }
  }

  /** Back-fills, within this punctuation's budget, every ingest model whose index lacks this task's catalog. */
  private void backfill() {
    long deadline = System.nanoTime() + backfillBudget.toNanos();
    for (IngestModels.Target target : models.get().targets()) {
      if (progress.get(DONE + target.backfillKey()) != null) {
        continue;
      }
      if (!backfillSlice(target, deadline)) {
        return; // budget spent
      }
    }
  }

  /** Embeds catalog items after the target's cursor until the deadline; true when the whole catalog is done. */
  private boolean backfillSlice(IngestModels.Target target, long deadline) {
    String cursorKey = CURSOR + target.backfillKey();
    String cursor = progress.get(cursorKey);
    if (cursor == null) {
      LOG.infof("Task %s: back-filling its catalog (%d items) into the index of %s", context.taskId(),
          catalog.approximateNumEntries(), target.backfillKey());
    }
    while (System.nanoTime() < deadline) {
      List<KeyValue<String, Long>> batch = new ArrayList<>(batchSize);
      try (KeyValueIterator<String, ValueAndTimestamp<CatalogImage>> it =
          cursor == null ? catalog.all() : catalog.range(cursor, null)) {
        while (it.hasNext() && batch.size() < batchSize) {
          KeyValue<String, ValueAndTimestamp<CatalogImage>> kv = it.next();
          if (!kv.key.equals(cursor)) {
            // Back-filled vectors are not fresh arrivals: stamped now, so they do not count as slow ones.
            batch.add(KeyValue.pair(kv.key, context.currentSystemTimeMs()));
          }
        }
      }
      if (batch.isEmpty()) {
        progress.put(DONE + target.backfillKey(), Instant.now().toString());
        progress.delete(cursorKey);
        LOG.infof("Task %s: back-fill of %s done", context.taskId(), target.backfillKey());
        return true;
      }
      embedBatch(batch, List.of(target));
      metrics.recordBackfilled(batch.size());
      cursor = batch.getLast().key;
      progress.put(cursorKey, cursor);
    }
    return false;
  }

  private void embedBatch(List<KeyValue<String, Long>> batch, List<IngestModels.Target> targets) {
    List<KeyValue<String, Long>> items = new ArrayList<>(batch.size());
    List<CatalogImage> images = new ArrayList<>(batch.size());
    List<BufferedImage> decoded = new ArrayList<>(batch.size());
    boolean servingInTargets = targets.stream().anyMatch(IngestModels.Target::serving);
    for (KeyValue<String, Long> kv : batch) {
      ValueAndTimestamp<CatalogImage> current = catalog.get(kv.key);
      if (current == null || current.value() == null) {
        continue; // deleted after it was queued: the delete already went downstream
      }
      try {
        decoded.add(decoding.decode(CatalogValidator.bytes(current.value().getImage())));
        items.add(kv);
        images.add(current.value());
      } catch (ImageRejectedException e) {
        if (servingInTargets) {
          fail(kv, current.value(), e.reason(), e.getMessage());
        }
      }
    }
    if (items.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    for (IngestModels.Target target : targets) {
      Embedder embedder = target.embedder();
      long start = System.nanoTime();
      float[][] vectors;
      try {
        vectors = embedder.embed(decoded);
      } catch (RuntimeException e) {
        if (target.serving()) {
          LOG.warnf(e, "A batch of %d images failed to embed with %s; retrying one by one", decoded.size(),
              embedder.modelVersion());
          vectors = embedOneByOne(embedder, decoded);
        } else {
          // The incoming model of a swap (maybe being aborted): its gaps only delay or time out that swap.
          LOG.debugf(e, "A batch of %d images failed to embed with the incoming %s", decoded.size(),
              embedder.modelVersion());
          vectors = new float[decoded.size()][];
        }
      }
      metrics.recordBatch(decoded.size(), System.nanoTime() - start);
      phaseHold.hold(PhaseHold.Phase.EMBED_BATCH);
      for (int i = 0; i < items.size(); i++) {
        KeyValue<String, Long> kv = items.get(i);
        CatalogImage image = images.get(i);
        if (vectors[i] == null) {
          if (target.serving()) {
            fail(kv, image, RejectReason.EMBED_FAILED, "the model failed on this image");
          } else {
            // The image serves with the current model; the incoming one's gap keeps its swap from completing.
            metrics.recordIncomingEmbedFailure();
          }
          continue;
        }
        List<Float> vector = new ArrayList<>(vectors[i].length);
        for (float v : vectors[i]) {
          vector.add(v);
        }
        ItemEmbedding embedding = ItemEmbedding.newBuilder()
            .setItemId(kv.key)
            .setLabel(image.getLabel())
            .setModelVersion(embedder.modelVersion())
            .setVector(vector)
            .setCreatedTime(now)
            .build();
        context.forward(new Record<>(kv.key, EmbedOutcome.embedded(embedding), kv.value));
      }
    }
  }

  /** Null rows for the images the model still fails on. */
  private static float[][] embedOneByOne(Embedder embedder, List<BufferedImage> images) {
    float[][] out = new float[images.size()][];
    for (int i = 0; i < images.size(); i++) {
      try {
        out[i] = embedder.embed(List.of(images.get(i)))[0];
      } catch (RuntimeException e) {
        LOG.warnf(e, "Image %d of a failed batch does not embed", i);
      }
    }
    return out;
  }

  private void fail(KeyValue<String, Long> kv, CatalogImage image, RejectReason reason, String message) {
    metrics.recordDeadLettered(reason);
    // Not tied to one input offset any more (the catalog store holds it): -1 says so; the payload keeps the image.
    DeadLetter letter = DeadLetter.newBuilder()
        .setSourceTopic(Topics.CATALOG_IMAGES)
        .setPartition(-1)
        .setOffset(-1L)
        .setKey(kv.key)
        .setReasonCode(reason.name())
        .setMessage(message)
        .setTime(Instant.now())
        .setPayload(ByteBuffer.wrap(CatalogValidator.bytes(image.getImage())))
        .build();
    context.forward(new Record<>(kv.key, EmbedOutcome.failed(letter), kv.value));
  }
}
