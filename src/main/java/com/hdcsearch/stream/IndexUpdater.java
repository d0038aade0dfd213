package com.hdcsearch.stream;

import com.hdcsearch.avro.ItemEmbedding;
import com.hdcsearch.index.CommitOffsets;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Applies {@code catalog.embeddings} to one index: upsert, or delete on a tombstone; records of another model
 * version are skipped. Every instance reads all partitions (no consumer group): each holds the whole index. The resume
 * position lives in the index itself: each index commit stores the next offset per partition, and a restart seeks
 * there (or to the beginning of the compacted topic for a new index), so the committed index and its offsets never
 * disagree: nothing is lost and nothing is applied twice.
 */
public final class IndexUpdater implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IndexUpdater.class);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration METADATA_RETRY = Duration.ofMillis(200);

  private final KafkaClients clients;
  private final VectorIndex index;
  private final PipelineMetrics metrics;
  private final Duration commitInterval;
  private final FreshnessTracker freshness;
  /** Whether writes count in produce-to-searchable: from the start for the serving index, from its switch for a swap's. */
  private volatile boolean measuringFreshness;
  private final PhaseHold phaseHold;
  private final Deserializer<ItemEmbedding> deserializer = AvroSerdes.itemEmbedding().deserializer();
  private final TreeMap<Integer, Long> nextOffsets = new TreeMap<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Throwable failure;
  /** Held while a polled batch is applied; {@link #pause} takes it so that the index gains nothing meanwhile. */
  private final ReentrantLock applying = new ReentrantLock();
  /** Set by {@link #commitNow}: the updater thread commits at its next turn and counts this down. */
  private volatile CountDownLatch commitRequest;

  /** An updater of {@code index}; stop it ({@link #close()}) before the index is closed. */
  public IndexUpdater(String bootstrapServers, VectorIndex index, PipelineMetrics metrics, Duration commitInterval) {
    this(bootstrapServers, index, metrics, commitInterval, true);
  }

  /**
   * @param measureFreshness whether this index's writes count in produce-to-searchable: true for the serving
   *     index; false for a swap's incoming one, whose back-fill is not what users wait for
   */
  public IndexUpdater(String bootstrapServers, VectorIndex index, PipelineMetrics metrics, Duration commitInterval,
      boolean measureFreshness) {
    this(KafkaClients.of(bootstrapServers), index, metrics, commitInterval, measureFreshness, PhaseHold.NONE);
  }

  /** As above, on the cluster of {@code clients}. */
  public IndexUpdater(KafkaClients clients, VectorIndex index, PipelineMetrics metrics, Duration commitInterval,
      boolean measureFreshness) {
    this(clients, index, metrics, commitInterval, measureFreshness, PhaseHold.NONE);
  }

  /** As above, with the crash-campaign hook held inside each index commit. */
  public IndexUpdater(KafkaClients clients, VectorIndex index, PipelineMetrics metrics, Duration commitInterval,
      boolean measureFreshness, PhaseHold phaseHold) {
    this.phaseHold = phaseHold;
    this.clients = clients;
    this.index = index;
    this.metrics = metrics;
    this.commitInterval = commitInterval;
    this.measuringFreshness = measureFreshness;
    // Always listening: the refresh latency of every index counts; the writes only while measuring.
    this.freshness = new FreshnessTracker(metrics, index.modelVersion());
    index.addRefreshListener(freshness);
    this.thread = new Thread(this::run, "index-updater-" + index.modelVersion());
    thread.setDaemon(true);
  }

  /**
   * From now on this index's writes count in produce-to-searchable: called when a swap makes it the serving index
   * (before, its back-fill is not what users wait for).
   */
  public void startMeasuringFreshness() {
    measuringFreshness = true;
  }

  /** Starts consuming on a thread of its own. */
  public void start() {
    thread.start();
  }

  /** True while the consuming thread runs. */
  public boolean isAlive() {
    return thread.isAlive() && failure == null;
  }

  private void run() {
    Map<String, Object> config = clients.config("hdc-index-updater-" + index.modelVersion());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Only what the embedder committed; at-least-once producers never write uncommitted data anyway.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        // Its lag on catalog.embeddings is how far the index is behind what the embedder wrote.
        AutoCloseable kafkaMeters = metrics.bindKafka(c)) {
      consumer = c;
      seekToCommitted(c);
      long lastCommit = System.nanoTime();
      boolean dirty = false;
      while (running) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = c.poll(POLL);
        } catch (WakeupException e) {
          break; // close(): fall through to the final commit
        }
        if (!records.isEmpty()) {
          applying.lock();
          try {
            for (ConsumerRecord<String, byte[]> r : records) {
              apply(r);
              nextOffsets.put(r.partition(), r.offset() + 1);
            }
          } finally {
            applying.unlock();
          }
          dirty = true;
        }
        CountDownLatch requested = commitRequest;
        if (requested != null || (dirty && System.nanoTime() - lastCommit >= commitInterval.toNanos())) {
          commit();
          lastCommit = System.nanoTime();
          dirty = false;
          if (requested != null) {
            commitRequest = null;
            requested.countDown();
          }
        }
      }
      if (dirty) {
        commit();
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (Throwable t) {
      failure = t;
      LOG.error("The index updater stopped", t);
    } finally {
      stopped.countDown();
    }
  }

  private void seekToCommitted(KafkaConsumer<String, byte[]> c) throws InterruptedException {
    List<TopicPartition> partitions = List.of();
    while (running && partitions.isEmpty()) {
      partitions = c.partitionsFor(Topics.CATALOG_EMBEDDINGS).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        Thread.sleep(METADATA_RETRY.toMillis());
      }
    }
    c.assign(partitions);
    CommitOffsets committed = CommitOffsets.fromCommitData(Topics.CATALOG_EMBEDDINGS, index.lastCommitData());
    nextOffsets.putAll(committed.next());
    for (TopicPartition tp : partitions) {
      Long next = committed.next().get(tp.partition());
      if (next != null) {
        c.seek(tp, next);
      } else {
        c.seekToBeginning(List.of(tp));
      }
    }
    LOG.infof("Index %s (%d items) resumes %s at %s", index.modelVersion(), index.size(), Topics.CATALOG_EMBEDDINGS,
        committed.next().isEmpty() ? "the beginning" : committed.next());
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    try {
      if (r.value() == null) {
        index.delete(r.key());
        metrics.recordDelete();
        return;
      }
      ItemEmbedding e = deserializer.deserialize(r.topic(), r.value());
      if (!e.getModelVersion().equals(index.modelVersion())) {
        // Embeddings of another version belong in that version's index; skipping keeps versions apart.
        metrics.recordSkippedOtherVersion();
        return;
      }
      float[] vector = new float[e.getVector().size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = e.getVector().get(i);
      }
      long seq = index.upsert(e.getItemId(), e.getLabel(), e.getModelVersion(), vector);
      if (measuringFreshness) {
        freshness.written(seq, r.timestamp());
      }
      metrics.recordUpsert();
    } catch (RuntimeException ex) {
      // Our own topic, so this is a bug or a foreign writer; one bad record must not stop the index.
      metrics.recordUpdateFailure();
      LOG.errorf(ex, "Could not apply %s-%d@%d key=%s to the index", r.topic(), r.partition(), r.offset(), r.key());
    }
  }

  private void commit() {
    index.commit(new CommitOffsets(Topics.CATALOG_EMBEDDINGS, nextOffsets).toCommitData(),
        () -> phaseHold.hold(PhaseHold.Phase.INDEX_COMMIT));
  }

  /**
   * Commits the index with the offsets applied so far, on the updater's thread, and waits for it.
   *
   * @return false if the commit did not happen within {@code timeout} (or the updater is not running)
   */
  public boolean commitNow(Duration timeout) throws InterruptedException {
    if (!isAlive()) {
      return false;
    }
    CountDownLatch done = new CountDownLatch(1);
    commitRequest = done;
    return done.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Stops applying records until the returned hold is closed (by the same thread): once this returns, the batch in
   * progress has been applied and the index gains nothing more. A swap holds the serving index still this way while
   * it checks that the incoming index has everything and switches. Close the hold before {@link #close()}.
   */
  public Hold pause() {
    applying.lock();
    return applying::unlock;
  }

  /** A {@link #pause}: closing it lets the updater apply again. */
  public interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /** The index this updater writes. */
  public VectorIndex index() {
    return index;
  }

  /** Stops consuming and commits the index with the offsets applied so far. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread.isAlive()) {
      stopped.await();
    }
  }
}
