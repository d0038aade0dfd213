package com.hdcsearch.online;

import com.hdcsearch.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the compacted {@code catalog.images} from the beginning up to its end at call time, and hands every readable
 * image and delete to a feed. The trainer's buffers live in memory: after a restart the topology feeds only what
 * arrives from then on, so without this a service restarted on a catalog that no longer changes would never train
 * again. Records that do not decode are skipped (validation dead-lettered them the first time).
 */
public final class CatalogReplay {
  private static final Logger LOG = Logger.getLogger(CatalogReplay.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String bootstrapServers;
  private final Map<String, Object> clientConfig;

  public CatalogReplay(String bootstrapServers, Map<String, Object> clientConfig) {
    this.bootstrapServers = bootstrapServers;
    this.clientConfig = Map.copyOf(clientConfig);
  }

  /**
   * Feeds the catalog as it is now, oldest record first per partition; returns the records read.
   *
   * @param running checked between polls: false stops early
   */
  public long replay(TrainingFeed feed, java.util.function.BooleanSupplier running) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "hdc-trainer-replay");
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    CatalogRecords records = new CatalogRecords(feed);
    long read = 0;
    long start = System.nanoTime();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CATALOG_IMAGES).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running.getAsBoolean() && !reached(consumer, end)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition())) || r.key() == null) {
            continue;
          }
          read++;
          records.offer(r);
        }
      }
    }
    LOG.infof("Online trainer replayed %d catalog records in %d ms", read, (System.nanoTime() - start) / 1_000_000);
    return read;
  }

  private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
