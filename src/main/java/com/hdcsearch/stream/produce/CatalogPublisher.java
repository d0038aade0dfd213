package com.hdcsearch.stream.produce;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Streams labelled data-set images into {@code catalog.images} as {@link CatalogImage} records, keyed by the image's
 * stable id, at a target rate. This is what a catalog producer does; the demo and {@code hdc produce} use it.
 */
public final class CatalogPublisher implements AutoCloseable {
  /** Producer settings for throughput: images are independent, so batching and compression are safe. */
  private static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.LINGER_MS_CONFIG, 5,
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
      ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  /** Its client id, after the operator's {@code client.id} prefix when one is set. */
  public static final String CLIENT_ROLE = "hdc-catalog-publisher";

  /** A publisher to {@code catalog.images} on the given cluster, with no client passthrough. */
  public CatalogPublisher(String bootstrapServers) {
    this(KafkaClients.of(bootstrapServers));
  }

  /** A publisher to {@code catalog.images} with these client settings (TLS, SASL, client id). */
  public CatalogPublisher(KafkaClients clients) {
    this(clients, Topics.CATALOG_IMAGES);
  }

  CatalogPublisher(KafkaClients clients, String topic) {
    this.producer = new KafkaProducer<>(producerConfig(clients), new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** The passthrough with this producer's own settings on top (acks, batching, idempotence, request size). */
  static Map<String, Object> producerConfig(KafkaClients clients) {
    Map<String, Object> config = clients.config(CLIENT_ROLE);
    config.putAll(PRODUCER_DEFAULTS);
    return config;
  }

  /** The record that stands for one data-set image. */
  public static CatalogImage toRecord(LabelledImage image, Instant eventTime) {
    try {
      return CatalogImage.newBuilder()
          .setItemId(image.id())
          .setLabel(image.className())
          .setAttributes(Map.of("classIndex", String.valueOf(image.label())))
          .setImage(ByteBuffer.wrap(image.source().encoded()))
          .setContentType(image.source().contentType())
          .setEventTime(eventTime)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode image " + image.id(), e);
    }
  }

  /** One image as its record, encoded ahead of sending: a bench keeps the encoding out of what it times. */
  public record EncodedImage(String itemId, byte[] value) {}

  /** The records of {@code images}, each stamped with the time it is encoded. */
  public static List<EncodedImage> encodeAll(List<LabelledImage> images) {
    var serde = AvroSerdes.catalogImage();
    return images.stream().map(i -> new EncodedImage(i.id(), serde.encode(toRecord(i, Instant.now())))).toList();
  }

  /**
   * Sends the images in order, pacing to {@code ratePerSecond} (0 = as fast as possible), and waits until the broker
   * acknowledged all of them. Each record is encoded as it is sent, so its event time is its send time.
   *
   * @param progress called with the number sent so far after each send
   * @return number of records acknowledged
   * @throws IllegalStateException when the broker rejected a record (the first error, with the item id)
   */
  public long publish(List<LabelledImage> images, double ratePerSecond, LongConsumer progress) {
    var serde = AvroSerdes.catalogImage();
    return send(images.size(), i -> new EncodedImage(images.get(i).id(),
        serde.encode(toRecord(images.get(i), Instant.now()))), ratePerSecond, progress);
  }

  /** As {@link #publish}, for records encoded before ({@link #encodeAll}). */
  public long publishEncoded(List<EncodedImage> records, double ratePerSecond, LongConsumer progress) {
    return send(records.size(), records::get, ratePerSecond, progress);
  }

  private long send(int count, java.util.function.IntFunction<EncodedImage> record, double ratePerSecond,
      LongConsumer progress) {
    if (ratePerSecond < 0) {
      throw new IllegalArgumentException("rate must be >= 0, got: " + ratePerSecond);
    }
    AtomicLong acked = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int sent = 0; sent < count; sent++) {
      if (failure.get() != null) {
        break;
      }
      if (ratePerSecond > 0) {
        pace(start, sent, ratePerSecond);
      }
      EncodedImage image = record.apply(sent);
      producer.send(new ProducerRecord<>(topic, image.itemId(), image.value()), (metadata, error) -> {
        if (error != null) {
          failure.compareAndSet(null, new IllegalStateException("broker rejected " + image.itemId() + ": " + error,
              error));
        } else {
          acked.incrementAndGet();
        }
      });
      progress.accept(sent + 1L);
    }
    producer.flush();
    if (failure.get() != null) {
      throw failure.get();
    }
    return acked.get();
  }

  /** Sleeps until record number {@code sent} is due at the given rate. */
  private static void pace(long startNanos, long sent, double ratePerSecond) {
    long due = startNanos + (long) (sent * 1e9 / ratePerSecond);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while producing", e);
      }
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
