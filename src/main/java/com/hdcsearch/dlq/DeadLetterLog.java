package com.hdcsearch.dlq;

import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.serde.AvroSerde;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the dead-letter topic from its beginning up to its end as of the call, without a consumer group (nothing is
 * committed, so reading changes nothing and any number of readers agree). A record that is not a DeadLetter is
 * reported as such rather than stopping the read.
 */
public final class DeadLetterLog {
  /** How long one read may take before it gives up on a broker that does not answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(200);

  /** Its client id, after the operator's {@code client.id} prefix when one is set. */
  public static final String CLIENT_ROLE = "hdc-dlq-reader";

  private final KafkaClients clients;
  private final Duration timeout;

  /** A reader of the cluster at {@code bootstrapServers}, with no client passthrough. */
  public DeadLetterLog(String bootstrapServers, Duration timeout) {
    this(KafkaClients.of(bootstrapServers), timeout);
  }

  /** A reader with these client settings (TLS, SASL, client id). */
  public DeadLetterLog(KafkaClients clients, Duration timeout) {
    this.clients = java.util.Objects.requireNonNull(clients, "clients");
    this.timeout = timeout;
  }

  /** The passthrough with this reader's own settings on top: no commits, fetches as large as a dead letter. */
  static Map<String, Object> consumerConfig(KafkaClients clients) {
    Map<String, Object> config = clients.config(CLIENT_ROLE);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A dead letter carries the whole input record: fetch as large as the topic allows.
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 << 20);
    return config;
  }

  /** Every dead letter that {@code filter} keeps, in partition then offset order. */
  public List<DeadLetterEntry> read(Predicate<DeadLetterEntry> filter) {
    AvroSerde<DeadLetter> serde = AvroSerdes.deadLetter();
    List<DeadLetterEntry> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(clients), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(Topics.CATALOG_IMAGES_DLQ, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + Topics.CATALOG_IMAGES_DLQ + " does not exist on " + clients.bootstrapServers());
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
          .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + Topics.CATALOG_IMAGES_DLQ + " took over " + timeout
              + "; read " + out.size() + " so far");
        }
        for (var r : consumer.poll(POLL)) {
          DeadLetterEntry entry;
          try {
            entry = new DeadLetterEntry(r.partition(), r.offset(), r.key(), serde.decode(r.value()), null);
          } catch (RuntimeException e) {
            entry = new DeadLetterEntry(r.partition(), r.offset(), r.key(), null, e.getMessage());
          }
          if (filter.test(entry)) {
            out.add(entry);
          }
        }
      }
    }
    out.sort(java.util.Comparator.comparingInt(DeadLetterEntry::partition).thenComparingLong(DeadLetterEntry::offset));
    return out;
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
