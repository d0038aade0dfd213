package com.hdcsearch.versions;

import com.hdcsearch.avro.ModelVersion;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.serde.AvroSerde;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The registry of model versions: the compacted, single-partition {@code model.versions} topic, read from the
 * beginning by every instance (no consumer group) into a {@link VersionBook}, and written through
 * {@link #publish}. One partition gives one total order of transitions that every instance applies alike.
 */
public final class VersionRegistry implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VersionRegistry.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final TopicPartition PARTITION = new TopicPartition(Topics.MODEL_VERSIONS, 0);
  private static final long SEND_TIMEOUT_S = 30;

  private final VersionBook book = new VersionBook();
  private final AvroSerde<ModelVersion> serde = AvroSerdes.modelVersion();
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final String instance;
  private final Thread thread;
  /** Next offset to read; guarded by this, waited on by {@link #awaitApplied}. */
  private long position;
  private volatile boolean running = true;
  private volatile Throwable failure;

  /**
   * @param bootstrapServers Kafka
   * @param clientConfig extra client settings (TLS, SASL...), applied to the consumer and the producer
   * @param instance this instance's name, written on its events
   */
  public VersionRegistry(String bootstrapServers, Map<String, Object> clientConfig, String instance) {
    this.instance = instance;
    Map<String, Object> consumerConfig = new java.util.HashMap<>(clientConfig);
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "hdc-versions-" + instance);
    this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> producerConfig = new java.util.HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    consumer.assign(List.of(PARTITION));
    consumer.seekToBeginning(List.of(PARTITION));
    this.thread = new Thread(this::run, "model-versions-reader");
    thread.setDaemon(true);
  }

  /** Starts reading; returns once every event written before the call has been applied (or after {@code timeout}). */
  public void start(Duration timeout) throws InterruptedException, TimeoutException {
    long end = consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
    thread.start();
    awaitApplied(end, timeout);
    LOG.infof("Model versions: %d known, serving %s, target %s", book.versions().size(),
        book.serving().map(VersionEvent::versionId).orElse("none"),
        book.target().map(VersionEvent::versionId).orElse("none"));
  }

  /** The versions as read so far. */
  public VersionBook book() {
    return book;
  }

  /** This instance's name. */
  public String instance() {
    return instance;
  }

  /**
   * Writes {@code event} and waits until this registry has read it back, so that the caller sees its own write.
   * Checks the transition first against what this instance knows.
   *
   * @throws IllegalStateException if the transition is not allowed from the version's current status
   */
  public void publish(VersionEvent event) throws InterruptedException, TimeoutException {
    VersionIds.checkSafe(event.versionId());
    book.get(event.versionId()).ifPresent(current -> {
      if (!current.status().canMoveTo(event.status())) {
        throw new IllegalStateException("model version " + event.versionId() + " cannot move from "
            + current.status() + " to " + event.status() + "; allowed: " + current.status().next());
      }
    });
    RecordMetadata written;
    try {
      written = producer.send(new ProducerRecord<>(Topics.MODEL_VERSIONS, event.versionId(),
          serde.encode(event.toAvro()))).get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write model version " + event.versionId() + " " + event.status()
          + " to " + Topics.MODEL_VERSIONS + ": " + e.getCause().getMessage(), e.getCause());
    }
    awaitApplied(written.offset() + 1, Duration.ofSeconds(SEND_TIMEOUT_S));
    LOG.infof("Model version %s -> %s: %s", event.versionId(), event.status(), event.reason());
  }

  private synchronized void awaitApplied(long offset, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (position < offset) {
      if (failure != null) {
        throw new IllegalStateException("the model-versions reader failed: " + failure.getMessage(), failure);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("model.versions not read up to offset " + offset + " within " + timeout
            + " (at " + position + ")");
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          apply(r);
        }
        long next = consumer.position(PARTITION);
        synchronized (this) {
          position = next;
          notifyAll();
        }
      }
    } catch (WakeupException e) {
      // close()
    } catch (Throwable t) {
      failure = t;
      LOG.error("The model-versions reader stopped", t);
      synchronized (this) {
        notifyAll();
      }
    } finally {
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return; // a tombstone would only remove history; versions are never deleted
    }
    try {
      book.apply(VersionEvent.of(serde.decode(r.value())));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Skipping an unreadable model-version record at offset %d (key %s)", r.offset(), r.key());
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    if (thread.isAlive()) {
      thread.join(TimeUnit.SECONDS.toMillis(SEND_TIMEOUT_S));
    } else {
      consumer.close();
    }
    producer.close();
  }
}
