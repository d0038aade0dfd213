package com.hdcsearch.online.bench;

import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.produce.CatalogPublisher;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produce-to-searchable latency of single new items, as {@code hdc bench freshness} times it: send one item (no
 * batching delay), poll {@code GET /api/items/{id}} until 200. Each probe is deleted (tombstone) once timed, and has
 * a label of its own, so probes never count in a recall measurement.
 */
final class FreshnessProbe implements AutoCloseable {
  /** One probe: when it was sent (epoch ms) and how long it took to be searchable. */
  record Timed(long sentMillis, long latencyMillis) {}

  static final String PROBE_LABEL = "bench-probe";
  private static final long POLL_MILLIS = 5;
  private static final Duration GIVE_UP = Duration.ofSeconds(30);

  private final ServiceClient client;
  private final KafkaProducer<String, byte[]> producer;
  private final String run;
  private final List<Long> latencies = new ArrayList<>();
  private final List<Timed> timed = new ArrayList<>();
  private int next;

  FreshnessProbe(ServiceClient client, String bootstrap, String run) {
    this.client = client;
    this.run = run;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024),
        new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Times one probe with {@code source}'s image; returns its latency in ms ({@link #GIVE_UP} when it never became
   * searchable, which then counts as that long).
   */
  long probe(LabelledImage source) throws Exception {
    String id = "bench-online-probe-" + run + "-" + next++;
    byte[] value = AvroSerdes.catalogImage().encode(CatalogPublisher.toRecord(
        new LabelledImage(id, 0, PROBE_LABEL, source.source()), Instant.now()));
    long sentMillis = System.currentTimeMillis();
    long t0 = System.nanoTime();
    producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, id, value)).get();
    long deadline = t0 + GIVE_UP.toNanos();
    while (!client.isSearchable(id) && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    long ms = Math.min(GIVE_UP.toMillis(), (System.nanoTime() - t0) / 1_000_000);
    producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, id, null)).get();
    synchronized (this) {
      latencies.add(ms);
      timed.add(new Timed(sentMillis, ms));
    }
    return ms;
  }

  /** Nearest-rank percentile of the latencies so far; -1 when there are none. */
  synchronized long percentile(double p) {
    if (latencies.isEmpty()) {
      return -1;
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Every probe so far, in order. */
  synchronized List<Timed> timed() {
    return List.copyOf(timed);
  }

  synchronized int count() {
    return latencies.size();
  }

  @Override
  public void close() throws IOException {
    producer.close();
  }
}
