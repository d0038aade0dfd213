package com.hdcsearch.online;

import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Feeds the cluster's one trainer with every new catalog record, on all partitions of {@code catalog.images}: the
 * ingest topology of an instance sees only the partitions it holds, while the trainer learns from the whole stream.
 * It starts at the end of each partition (what came before, {@link CatalogReplay} reads), and skips what is not a
 * labelled catalog image (validation dead-letters those).
 */
public final class CatalogFollower implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CatalogFollower.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final CatalogRecords records;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Positions itself at the end of every partition now (so nothing that arrives after this call is missed).
   *
   * @param maxRecordBytes the largest input record (the consumer's per-partition fetch must take one)
   */
  public CatalogFollower(KafkaClients clients, TrainingFeed feed, int maxRecordBytes) {
    this.records = new CatalogRecords(feed);
    Map<String, Object> config = clients.config("hdc-trainer-follower");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.CATALOG_IMAGES).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, not at the first poll
    this.thread = new Thread(this::run, "online-trainer-follower");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          records.offer(r);
        }
      }
    } catch (WakeupException e) {
      // close()
    } catch (RuntimeException e) {
      LOG.error("The trainer's catalog follower stopped; training goes on with what it has", e);
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(Duration.ofSeconds(30).toMillis());
  }
}
