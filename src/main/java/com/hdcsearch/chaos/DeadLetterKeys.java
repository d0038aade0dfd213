package com.hdcsearch.chaos;

import com.hdcsearch.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the whole dead-letter topic (no consumer group) and counts the letters per record key. */
final class DeadLetterKeys {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private DeadLetterKeys() {}

  /** Key → number of dead letters, from the beginning of the topic to its end as of now. */
  static Map<String, Integer> read(String bootstrap) {
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "chaos-dlq-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 << 20), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = c.partitionsFor(Topics.CATALOG_IMAGES_DLQ, READ_TIMEOUT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!caughtUp(c, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + Topics.CATALOG_IMAGES_DLQ + " to its end " + end
              + " within " + READ_TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
          counts.merge(String.valueOf(r.key()), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private static boolean caughtUp(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
