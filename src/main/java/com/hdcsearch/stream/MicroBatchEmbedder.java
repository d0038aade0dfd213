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
 * Embeds catalog changes in micro-batches: each changed item id is put into a pending store (changelogged, so a crash
 * re-embeds rather than loses it), and a batch is embedded when {@code batchSize} items wait or every
 * {@code linger} of wall-clock time. The image is read from the catalog store at embedding time, so an item changed
 * twice within one batch is embedded once, with its latest image. Deletes pass through at once. When the serving
 * model differs from the one this task's catalog was last embedded with (a restart with a new model, or a swap), the
 * whole local catalog is queued again, so that the new version's index can be filled from {@code catalog.embeddings}.
 */
final class MicroBatchEmbedder implements Processor<String, CatalogImage, String, EmbedOutcome> {
  private static final Logger LOG = Logger.getLogger(MicroBatchEmbedder.class);
  /** The one key of the embedded-model store. */
  private static final String MODEL_KEY = "version";

  private final Supplier<Embedder> model;
  private final ImageDecoding decoding;
  private final PipelineMetrics metrics;
  private final int batchSize;
  private final Duration linger;
  private ProcessorContext<String, EmbedOutcome> context;
  private KeyValueStore<String, ValueAndTimestamp<CatalogImage>> catalog;
  private KeyValueStore<String, Long> pending;
  private KeyValueStore<String, String> embeddedModel;
  /** A task that starts with no catalog has nothing embedded with another model, whatever the store says. */
  private boolean startedEmpty;
  /** Items in the pending store; recounted on start, so only a trigger, never a source of truth. */
  private long pendingCount;

  MicroBatchEmbedder(Supplier<Embedder> model, ImageDecoding decoding, PipelineMetrics metrics, int batchSize,
      Duration linger) {
    this.model = model;
    this.decoding = decoding;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.linger = linger;
  }

  @Override
  public void init(ProcessorContext<String, EmbedOutcome> context) {
    this.context = context;
    this.catalog = context.getStateStore(CatalogTopology.CATALOG_STORE);
    this.pending = context.getStateStore(CatalogTopology.PENDING_STORE);
    this.embeddedModel = context.getStateStore(CatalogTopology.EMBEDDED_MODEL_STORE);
    pendingCount = pending.approximateNumEntries();
    try (KeyValueIterator<String, ValueAndTimestamp<CatalogImage>> it = catalog.all()) {
      startedEmpty = !it.hasNext();
    }
    context.schedule(linger, PunctuationType.WALL_CLOCK_TIME, now -> {
      requeueOnModelChange(now);
      flush();
    });
  }

  /** Queues every catalog item of this task when the serving model is not the one they were embedded with. */
  private void requeueOnModelChange(long now) {
    String serving = model.get().modelVersion();
    String embeddedWith = embeddedModel.get(MODEL_KEY);
    if (serving.equals(embeddedWith)) {
      return;
    }
    if (embeddedWith == null && startedEmpty) {
      // First run: everything in the catalog arrived after start and was queued by process() already.
      embeddedModel.put(MODEL_KEY, serving);
      return;
    }
    long queued = 0;
    try (KeyValueIterator<String, ValueAndTimestamp<CatalogImage>> it = catalog.all()) {
      while (it.hasNext()) {
        if (pending.putIfAbsent(it.next().key, now) == null) {
          queued++;
        }
      }
    }
    pendingCount += queued;
    embeddedModel.put(MODEL_KEY, serving);
    if (embeddedWith != null || queued > 0) {
      LOG.infof("Model %s replaces %s: %d catalog items of task %s queued for re-embedding", serving, embeddedWith,
          queued, context.taskId());
    }
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

  /** Embeds everything pending, batch by batch. */
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
      embedBatch(batch);
      for (KeyValue<String, Long> kv : batch) {
        pending.delete(kv.key);
      }
      pendingCount = Math.max(0, pendingCount - batch.size());
    }
  }

  private void embedBatch(List<KeyValue<String, Long>> batch) {
    List<KeyValue<String, Long>> items = new ArrayList<>(batch.size());
    List<CatalogImage> images = new ArrayList<>(batch.size());
    List<BufferedImage> decoded = new ArrayList<>(batch.size());
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
        fail(kv, current.value(), e.reason(), e.getMessage());
      }
    }
    if (items.isEmpty()) {
      return;
    }
    Embedder embedder = model.get();
    long start = System.nanoTime();
    float[][] vectors;
    try {
      vectors = embedder.embed(decoded);
    } catch (RuntimeException e) {
      LOG.warnf(e, "A batch of %d images failed to embed; retrying one by one", decoded.size());
      vectors = embedOneByOne(embedder, decoded);
    }
    metrics.recordBatch(decoded.size(), System.nanoTime() - start);
    Instant now = Instant.now();
    for (int i = 0; i < items.size(); i++) {
      KeyValue<String, Long> kv = items.get(i);
      CatalogImage image = images.get(i);
      if (vectors[i] == null) {
        fail(kv, image, RejectReason.EMBED_FAILED, "the model failed on this image");
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
