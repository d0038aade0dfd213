package com.hdcsearch.dlq;

import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends dead letters' original records (key and payload, as they were produced) to {@code catalog.images} again:
 * after the producer bug or the service limit that rejected them is fixed. A replayed record goes through validation
 * like any other, so one that is still wrong is dead-lettered again, with its new offset.
 */
public final class DeadLetterReplayer implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  /** Its client id, after the operator's {@code client.id} prefix when one is set. */
  public static final String CLIENT_ROLE = "hdc-dlq-replayer";

  /** A replayer to the cluster at {@code bootstrapServers}, with no client passthrough. */
  public DeadLetterReplayer(String bootstrapServers) {
    this(KafkaClients.of(bootstrapServers));
  }

  /** A replayer with these client settings (TLS, SASL, client id). */
  public DeadLetterReplayer(KafkaClients clients) {
    this.producer = new KafkaProducer<>(producerConfig(clients), new StringSerializer(), new ByteArraySerializer());
  }

  /** The passthrough with this producer's own settings on top: acknowledged by all, idempotent, images' size. */
  static Map<String, Object> producerConfig(KafkaClients clients) {
    RecordSizes sizes = new RecordSizes(RecordSizes.DEFAULT_MAX_IMAGE_BYTES);
    Map<String, Object> config = clients.config(CLIENT_ROLE);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, sizes.producerRequestBytes());
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, sizes.producerBufferBytes());
    return config;
  }

  /** What a replay did. */
  public record Result(int replayed, List<String> skipped) {}

  /**
   * Re-sends each entry that has a key and a payload, waits until the broker acknowledged all of them.
   *
   * @return how many were sent, and why the others were not (no payload, no key)
   */
  public Result replay(List<DeadLetterEntry> entries) throws InterruptedException {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (DeadLetterEntry e : entries) {
      byte[] payload = e.payload();
      String where = "dlq " + e.partition() + "@" + e.offset() + " key=" + e.key();
      if (payload == null) {
        skipped.add(where + ": the dead letter carries no payload (a tombstone, or over the topic's limit)");
      } else if (e.key() == null || e.key().isEmpty()) {
        skipped.add(where + ": no key (catalog.images is compacted and takes no record without one)");
      } else {
        sent.add(producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, e.key(), payload)));
      }
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (ExecutionException ex) {
        throw new IllegalStateException("the broker refused a replayed record: " + ex.getCause(), ex.getCause());
      }
    }
    return new Result(sent.size(), skipped);
  }

  @Override
  public void close() {
    producer.close();
  }
}
