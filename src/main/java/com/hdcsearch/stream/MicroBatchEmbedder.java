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
import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
 * once, with its latest image. Deletes pass through at once (they apply to every index). A live image is not decoded
 * again: validation left its tensor in {@link DecodedTensors}, used when its bytes are still the catalog's.
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
  private final DecodedTensors decodedTensors;
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

  MicroBatchEmbedder(Supplier<IngestModels> models, ImageDecoding decoding, DecodedTensors decodedTensors,
      PipelineMetrics metrics, int batchSize, Duration linger, Duration backfillBudget,
      PhaseHold phaseHold) {
    this.models = models;
    this.decoding = decoding;
    this.decodedTensors = decodedTensors;
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
      decodedTensors.forget(record.key());
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
      embedBatch(batch, models.get().targets(), true);
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
      embedBatch(batch, List.of(target), false);
      metrics.recordBackfilled(batch.size());
      cursor = batch.getLast().key;
      progress.put(cursorKey, cursor);
    }
    return false;
  }

  /**
   * Embeds the items of {@code batch} that the catalog still holds with every target and forwards the vectors.
   *
   * @param live true for changes just validated: their tensors come from validation ({@link DecodedTensors}); a
   *     back-fill decodes from the catalog and leaves those for the live batch they belong to
   */
  private void embedBatch(List<KeyValue<String, Long>> batch, List<IngestModels.Target> targets, boolean live) {
    boolean servingInTargets = targets.stream().anyMatch(IngestModels.Target::serving);
    List<BatchItem> items = new ArrayList<>(batch.size());
    for (KeyValue<String, Long> kv : batch) {
      ValueAndTimestamp<CatalogImage> current = catalog.get(kv.key);
      if (current == null || current.value() == null) {
        continue; // deleted after it was queued: the delete already went downstream
      }
      CatalogImage image = current.value();
      DecodedTensors.Entry validated = live ? decodedTensors.take(kv.key, image.getImage()) : null;
      BatchItem item = new BatchItem(kv, image, validated);
      if (validated == null || targets.stream().anyMatch(t -> !t.embedder().imageSpec().equals(validated.spec()))) {
        try {
          item.decoded = decoding.decode(CatalogValidator.bytes(image.getImage()));
        } catch (ImageRejectedException e) {
          if (servingInTargets) {
            fail(kv, image, e.reason(), e.getMessage());
          }
          continue;
        }
      }
      items.add(item);
    }
    if (items.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    // Two models of one input (the usual swap) embed the same tensors: preprocessed once.
    Map<ImageSpec, float[]> inputs = new HashMap<>(2);
    for (IngestModels.Target target : targets) {
      Embedder embedder = target.embedder();
      float[] input = inputs.computeIfAbsent(embedder.imageSpec(), spec -> tensors(items, spec));
      long start = System.nanoTime();
      float[][] vectors;
      try {
        vectors = embedder.embedTensors(input, items.size());
      } catch (RuntimeException e) {
        if (target.serving()) {
          LOG.warnf(e, "A batch of %d images failed to embed with %s; retrying one by one", items.size(),
              embedder.modelVersion());
          vectors = embedOneByOne(embedder, input, items.size());
        } else {
          // The incoming model of a swap (maybe being aborted): its gaps only delay or time out that swap.
          LOG.debugf(e, "A batch of %d images failed to embed with the incoming %s", items.size(),
              embedder.modelVersion());
          vectors = new float[items.size()][];
        }
      }
      metrics.recordBatch(embedder.modelVersion(), items.size(), System.nanoTime() - start);
      phaseHold.hold(PhaseHold.Phase.EMBED_BATCH);
      for (int i = 0; i < items.size(); i++) {
        KeyValue<String, Long> kv = items.get(i).kv;
        CatalogImage image = items.get(i).image;
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

  /** The batch's input for {@code spec}: validation's tensors where they fit, the rest preprocessed here. */
  private float[] tensors(List<BatchItem> items, ImageSpec spec) {
    int len = spec.tensorLength();
    float[] out = new float[items.size() * len];
    ImagePreprocessor preprocessor = null;
    for (int i = 0; i < items.size(); i++) {
      BatchItem item = items.get(i);
      if (item.validated != null && item.validated.spec().equals(spec)) {
        System.arraycopy(item.validated.tensor(), 0, out, i * len, len);
      } else {
        if (preprocessor == null) {
          preprocessor = new ImagePreprocessor(spec);
        }
        preprocessor.toTensor(item.decoded, out, i * len);
      }
    }
    return out;
  }

  /** Null rows for the images the model still fails on. */
  private static float[][] embedOneByOne(Embedder embedder, float[] input, int count) {
    int len = embedder.imageSpec().tensorLength();
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      try {
        out[i] = embedder.embedTensors(Arrays.copyOfRange(input, i * len, (i + 1) * len), 1)[0];
      } catch (RuntimeException e) {
        LOG.warnf(e, "Image %d of a failed batch does not embed", i);
      }
    }
    return out;
  }

  /** One image of a batch: its catalog record, and validation's tensor for it or the image decoded here. */
  private static final class BatchItem {
    final KeyValue<String, Long> kv;
    final CatalogImage image;
    final DecodedTensors.Entry validated;
    BufferedImage decoded;

    BatchItem(KeyValue<String, Long> kv, CatalogImage image, DecodedTensors.Entry validated) {
      this.kv = kv;
      this.image = image;
      this.validated = validated;
    }
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
