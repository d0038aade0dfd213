package com.hdcsearch.stream.bench;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.cli.KafkaOptions;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.produce.CatalogPublisher;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hdc bench freshness}: against a running service, streams a catalog into {@code catalog.images} and meanwhile
 * sends single new probe items one at a time, timing each from send to searchable ({@code GET /api/items/{id}} = 200).
 * Reports produce-to-searchable p50/p99 under that load and the ingest rate (images embedded per second).
 */
@Command(name = "freshness", mixinStandardHelpOptions = true,
    description = "Produce-to-searchable latency of single new items while a catalog streams in, and ingest images/s.")
public final class BenchFreshnessCommand implements java.util.concurrent.Callable<Integer> {
  /** Probe polls: every 2 ms at first, then every 1% of the wait so far, at most every 50 ms. */
  private static final long MIN_POLL_MILLIS = 2;
  private static final long MAX_POLL_MILLIS = 50;
  private static final long SAMPLE_MILLIS = 20;

  @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The service (default: ${DEFAULT-VALUE}).")
  URI url;

  /** Its Kafka: {@code --bootstrap} and the client passthrough ({@code --kafka}, {@code --kafka-config}). */
  @Mixin KafkaOptions kafka;

  @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Images to use (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--split", defaultValue = "train", description = "Split (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--catalog", defaultValue = "5000", description = "Catalog images streamed as load (default: ${DEFAULT-VALUE}).")
  int catalogSize;

  @Option(names = "--rate", defaultValue = "0", description = "Catalog images per second, 0 = as fast as possible.")
  double rate;

  @Option(names = "--probes", defaultValue = "50", description = "Single items timed (default: ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--timeout-s", defaultValue = "120", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  public BenchFreshnessCommand() {}

  @Override
  public Integer call() throws Exception {
    KafkaClients clients = kafka.clients();
    List<LabelledImage> images = DatasetRegistry.standard().read(dataset, DatasetOptions.defaults()).split(split)
        .images();
    if (images.size() < catalogSize + probes) {
      throw new IllegalArgumentException(dataset + "/" + split + " has " + images.size() + " images, fewer than --catalog "
          + catalogSize + " + --probes " + probes);
    }
    List<LabelledImage> catalog = images.subList(0, catalogSize);
    List<LabelledImage> probeImages = images.subList(images.size() - probes, images.size());
    ServiceProbe service = new ServiceProbe(url);
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    String run = UUID.randomUUID().toString().substring(0, 8);
    long embeddedBefore = service.imagesEmbedded();

    long[] latencies = new long[probes];
    // Encoded before the clock starts: this JVM shares the machine with the service, and the producer's encoding is
    // not the service's ingest.
    List<CatalogPublisher.EncodedImage> records = CatalogPublisher.encodeAll(catalog);
    long loadStart = System.nanoTime();
    try (CatalogPublisher publisher = new CatalogPublisher(clients);
        KafkaProducer<String, byte[]> probeProducer = probeProducer(clients)) {
      CompletableFuture<Long> load =
          CompletableFuture.supplyAsync(() -> publisher.publishEncoded(records, rate, n -> {}));
      // Ingest rate: when as many images as the catalog has were embedded since the start (the few probes embedded
      // meanwhile make this at most probes/catalog optimistic), sampled beside the probes.
      CompletableFuture<Long> catalogEmbedded = CompletableFuture.supplyAsync(() -> awaitEmbedded(service,
          embeddedBefore + catalogSize, deadline));
      for (int i = 0; i < probes; i++) {
        String id = "freshness-" + run + "-" + i;
        byte[] value = AvroSerdes.catalogImage().encode(CatalogPublisher.toRecord(
            new LabelledImage(id, probeImages.get(i).label(), probeImages.get(i).className(),
                probeImages.get(i).source()), Instant.now()));
        long t0 = System.nanoTime();
        probeProducer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, id, value)).get();
        while (!service.isSearchable(id)) {
          checkDeadline(deadline, "probe " + id + " searchable");
          Thread.sleep(pollMillis((System.nanoTime() - t0) / 1_000_000));
        }
        latencies[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      load.get();
      double ingestPerSecond = catalogSize / ((catalogEmbedded.get() - loadStart) / 1e9);
      for (int i = 0; i < probes; i++) {
        probeProducer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, "freshness-" + run + "-" + i, null));
      }
      Arrays.sort(latencies);
      System.out.printf(Locale.ROOT, "probes: %d single items while %d catalog images streamed in; min=%d ms max=%d ms%n",
          probes, catalogSize, latencies[0], latencies[probes - 1]);
      System.out.printf(Locale.ROOT, "freshness p50_ms=%d p99_ms=%d ingest_img_per_s=%.0f%n",
          percentile(latencies, 0.50), percentile(latencies, 0.99), ingestPerSecond);
    }
    return 0;
  }

  /** Polls until the service has embedded {@code target} images in all; returns that moment in nanos. */
  private static long awaitEmbedded(ServiceProbe service, long target, long deadline) {
    try {
      while (service.imagesEmbedded() < target) {
        checkDeadline(deadline, "catalog embedded");
        Thread.sleep(SAMPLE_MILLIS);
      }
      return System.nanoTime();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static KafkaProducer<String, byte[]> probeProducer(KafkaClients clients) {
    Map<String, Object> config = clients.config("hdc-bench-freshness-probe");
    // No batching delay: each probe is timed from its own send.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * The pause before the next poll of a probe that has waited {@code waitedMillis}: a latency is known to within 1%
   * (at least 2 ms), and a probe stuck behind a backlog does not cost the service (and this JVM, on the same cores) a
   * lookup every 2 ms for seconds.
   */
  static long pollMillis(long waitedMillis) {
    return Math.max(MIN_POLL_MILLIS, Math.min(MAX_POLL_MILLIS, waitedMillis / 100));
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static void checkDeadline(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("timed out waiting for " + what);
    }
  }
}
