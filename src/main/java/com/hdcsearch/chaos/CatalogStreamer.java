package com.hdcsearch.chaos;

import com.hdcsearch.kafka.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer for one life of the service: sends {@link CatalogEvents} (acks=all, idempotent) at a rate on a thread
 * of its own until stopped, and tells the {@link ProducerLog} of each send, acknowledgement and failure. Gives up
 * quickly once the broker is gone (a killed service takes its embedded broker with it).
 */
public final class CatalogStreamer implements AutoCloseable {
  private static final int REQUEST_TIMEOUT_MS = 2_000;
  private static final int DELIVERY_TIMEOUT_MS = 5_000;
  private static final int MAX_BLOCK_MS = 3_000;

  private final KafkaProducer<String, byte[]> producer;
  private final ProducerLog log;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong sentCount = new AtomicLong();
  private Thread thread;

  public CatalogStreamer(String bootstrap, ProducerLog log) {
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 2,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS), new StringSerializer(), new ByteArraySerializer());
    this.log = log;
  }

  /** Sends {@code events} and waits for every acknowledgement (or failure). */
  public void sendAll(List<CatalogEvent> events) {
    for (CatalogEvent e : events) {
      send(e);
    }
    producer.flush();
  }

  /** Starts sending {@code events.next()} at {@code perSecond} on a thread until {@link #stop()}. */
  public void start(CatalogEvents events, double perSecond) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive, got: " + perSecond);
    }
    running.set(true);
    thread = new Thread(() -> {
      long start = System.nanoTime();
      long n = 0;
      try {
        while (running.get()) {
          CatalogEvent e;
          synchronized (events) {
            e = events.next();
          }
          send(e);
          n++;
          long wait = start + (long) (n * 1e9 / perSecond) - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }, "chaos-producer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the sending thread and waits until every record sent has been acknowledged or has failed. */
  public void stop() throws InterruptedException {
    running.set(false);
    if (thread != null) {
      thread.join(TimeUnit.MILLISECONDS.toMillis(MAX_BLOCK_MS + DELIVERY_TIMEOUT_MS) * 2);
    }
    producer.flush();
  }

  public long sent() {
    return sentCount.get();
  }

  private void send(CatalogEvent e) {
    log.sent(e);
    sentCount.incrementAndGet();
    try {
      producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, e.key(), e.value()), (meta, error) -> {
        if (error == null) {
          log.acked(e, meta.partition(), meta.offset());
        } else {
          log.failed(e);
        }
      });
    } catch (RuntimeException ex) {
      // The broker is gone (metadata timeout) or the producer is closing: the record's fate is unknown.
      log.failed(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
