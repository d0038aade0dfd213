package com.hdcsearch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.process.ServiceHttp;
import com.hdcsearch.process.ServiceProcess;
import com.hdcsearch.stream.LargeImages;
import com.hdcsearch.stream.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole service process restarted on the same data directory, as a user does with {@code ./hdc serve}: after a
 * clean stop, and after a kill -9 in the middle of ingest, it becomes ready again (the embedded broker on its own
 * cluster, the stream without waiting for the dead process's group members) and every accepted item is searchable
 * exactly once. A 3 MB image goes through as well, with readiness UP.
 */
@Tag("process")
class ServiceRestartIT {
  private static final Duration INGEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final int FIRST_BATCH = 150;
  private static final int SECOND_BATCH = 300;
  /** New items sent after the clean restart and before the second batch: the model's first batches are slow. */
  private static final int WARM_UP = 32;
  private static final int ITEMS = FIRST_BATCH + SECOND_BATCH + WARM_UP;
  /** The second batch is produced at this rate (4 s), so that the kill lands in the middle of it. */
  private static final int SECOND_BATCH_PER_SECOND = 75;
  /** Searchable items of the second batch at which the service is killed. */
  private static final int KILL_AFTER = 40;
  private static final String BIG = "big-3mb";
  private static final int BIG_BYTES = 3_005_196;
  /** Ready within this after a restart: a dead member left in the group would hold the rebalance for 45 s. */
  private static final Duration RESTART_READY_WITHIN = Duration.ofSeconds(40);
  private static final Duration CLOSE_PRODUCER = Duration.ofSeconds(10);
  private static final Pattern CLUSTER = Pattern.compile("\\((?:log dir \\S+, )(its|new) cluster (\\S+)\\)");

  private final List<TestImages.Item> images = TestImages.fashionMnist(ITEMS);

  @Test
  void restartsAfterACleanStopAndAfterKillNineWithEveryAcceptedItemSearchableOnce() throws Exception {
    // Under target/, not /tmp: Kafka Streams warns about state in an OS temp directory.
    Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-data")), "restart-");
    Path logs = Path.of("target", "it-logs");
    ServiceProcess.Ports ports = ServiceProcess.Ports.free();
    Set<String> all = new LinkedHashSet<>();
    for (int i = 0; i < ITEMS; i++) {
      all.add(id(i));
    }
    all.add(BIG);

    // 1. A new data directory: the first batch and a 3 MB image, then a clean stop.
    String clusterId;
    try (ServiceProcess service = start(home, ports, logs.resolve("restart-1-fresh.log"))) {
      Duration ready = service.awaitReady(READY_TIMEOUT);
      clusterId = cluster(service, "new");
      try (KafkaProducer<String, byte[]> producer = producer(ports)) {
        for (int i = 0; i < FIRST_BATCH; i++) {
          producer.send(record(i)).get(10, TimeUnit.SECONDS);
        }
        producer.send(new ProducerRecord<>("catalog.images", BIG,
            TestImages.catalogImage(BIG, "noise", LargeImages.png(BIG_BYTES, 14)))).get(10, TimeUnit.SECONDS);
      }
      await(() -> indexed(service) == FIRST_BATCH + 1, "first batch and the 3 MB image searchable", service);
      assertTrue(http(service).searchable(BIG) && service.ready(), "the 3 MB image is searchable and readiness is UP");
      assertEquals(200, http(service).get("/api/items/" + BIG + "/similar?k=3").statusCode());
      int exit = service.stop();
      assertTrue(service.log().contains("Embedded Kafka broker at localhost:" + ports.kafka() + " stopped"),
          "a clean stop (exit " + exit + ")\n" + service.logTail());
      System.out.printf("fresh start: ready in %d ms, cluster %s, %d items searchable, clean stop exit %d%n",
          ready.toMillis(), clusterId, FIRST_BATCH + 1, exit);
    }

    // 2. Restart after the clean stop: same cluster, the same items, each once. Then kill -9 in the middle of ingest.
    Set<String> acked = ConcurrentHashMap.newKeySet();
    int beforeKill;
    try (ServiceProcess service = start(home, ports, logs.resolve("restart-2-after-stop.log"))) {
      Duration ready = service.awaitReady(READY_TIMEOUT);
      assertEquals(clusterId, cluster(service, "its"), "the restarted broker must keep its cluster id");
      assertTrue(ready.compareTo(RESTART_READY_WITHIN) < 0, "ready after " + ready);
      await(() -> indexed(service) == FIRST_BATCH + 1, "the committed items after a clean stop", service);
      assertEquals(FIRST_BATCH + 1, countSearchable(service, all), "every item once");
      System.out.printf("restart after a clean stop: ready in %d ms, %d items searchable%n", ready.toMillis(),
          http(service).indexedItems());

      // Warm the restarted process's model up (its first forward passes take seconds), so that the second batch is
      // embedded as fast as it arrives and the kill below lands in the middle of it.
      try (KafkaProducer<String, byte[]> producer = producer(ports)) {
        for (int i = FIRST_BATCH + SECOND_BATCH; i < ITEMS; i++) {
          producer.send(record(i)).get(10, TimeUnit.SECONDS);
        }
      }
      int warm = FIRST_BATCH + 1 + WARM_UP;
      await(() -> indexed(service) == warm, "the warm-up items searchable", service);

      Thread producing = new Thread(() -> produceSecondBatch(ports, acked), "second-batch");
      producing.start();
      await(() -> indexed(service) >= warm + KILL_AFTER, "part of the second batch searchable", service);
      beforeKill = http(service).indexedItems();
      int exit = service.kill();
      producing.join(CLOSE_PRODUCER.multipliedBy(3).toMillis());
      assertTrue(!producing.isAlive(), "the producer of the second batch did not give up on the killed broker");
      System.out.printf("kill -9 (exit %d) with %d items searchable, %d of the second batch acknowledged by Kafka%n",
          exit, beforeKill, acked.size());
      assertTrue(acked.size() < SECOND_BATCH, "the kill must land in the middle of ingest: " + acked.size());
    }

    // 3. Restart after kill -9: every acknowledged item is searchable, once; re-sending the rest completes the catalog.
    try (ServiceProcess service = start(home, ports, logs.resolve("restart-3-after-kill.log"))) {
      Duration ready = service.awaitReady(READY_TIMEOUT);
      assertEquals(clusterId, cluster(service, "its"));
      assertTrue(ready.compareTo(RESTART_READY_WITHIN) < 0, "ready after " + ready + "\n" + service.logTail());
      int afterRestart = http(service).indexedItems();
      await(() -> allSearchable(service, acked), "every acknowledged item searchable after kill -9", service);
      Thread.sleep(1000); // let any duplicate arrive before counting
      int found = countSearchable(service, all);
      assertEquals(found, http(service).indexedItems(), "one document per item: no item twice");
      int accepted = FIRST_BATCH + 1 + WARM_UP + acked.size();
      assertTrue(found >= accepted, "acknowledged items lost: " + found + " < " + accepted);
      System.out.printf("restart after kill -9: ready in %d ms, %d items at once (committed index), %d after replay "
          + "(%d acknowledged before the kill)%n", ready.toMillis(), afterRestart, found, accepted);

      try (KafkaProducer<String, byte[]> producer = producer(ports)) {
        for (int i = FIRST_BATCH; i < FIRST_BATCH + SECOND_BATCH; i++) {
          if (!acked.contains(id(i))) {
            producer.send(record(i)).get(10, TimeUnit.SECONDS);
          }
        }
      }
      await(() -> indexed(service) == ITEMS + 1, "the whole catalog after re-sending what was not acknowledged",
          service);
      Thread.sleep(500);
      assertEquals(ITEMS + 1, countSearchable(service, all));
      assertEquals(ITEMS + 1, http(service).indexedItems());
      assertTrue(http(service).searchable(BIG) && service.ready(), "the 3 MB image is still searchable, readiness UP");
      service.stop();
    }
    deleteTree(home); // kept when the test fails, for a look at its data
  }

  /** The service on {@code home}, its log started afresh (a log from an earlier run would confuse the checks). */
  private static ServiceProcess start(Path home, ServiceProcess.Ports ports, Path log) throws java.io.IOException {
    Files.deleteIfExists(log);
    return ServiceProcess.start(ServiceProcess.Launch.of(home).withPorts(ports).withLog(log));
  }

  private static ServiceHttp http(ServiceProcess service) {
    return new ServiceHttp(service.url());
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Produces the second batch at its rate until the broker is gone; {@code acked} gets what Kafka acknowledged. */
  private void produceSecondBatch(ServiceProcess.Ports ports, Set<String> acked) {
    AtomicBoolean brokerGone = new AtomicBoolean();
    KafkaProducer<String, byte[]> producer = producer(ports);
    try {
      long start = System.nanoTime();
      for (int i = FIRST_BATCH; i < FIRST_BATCH + SECOND_BATCH && !brokerGone.get(); i++) {
        String id = id(i);
        // A send to a dead broker fails in its callback, after max.block.ms: stop at the first one.
        producer.send(record(i), (meta, error) -> {
          if (error == null) {
            acked.add(id);
          } else {
            brokerGone.set(true);
          }
        });
        long due = start + (long) ((i - FIRST_BATCH + 1) * 1e9 / SECOND_BATCH_PER_SECOND);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close(CLOSE_PRODUCER);
    }
  }

  /** A producer that gives up quickly once its broker is killed. */
  private static KafkaProducer<String, byte[]> producer(ServiceProcess.Ports ports) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + ports.kafka(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 4_000,
        ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
  }

  private ProducerRecord<String, byte[]> record(int i) {
    return new ProducerRecord<>("catalog.images", id(i),
        TestImages.catalogImage(id(i), images.get(i).label(), images.get(i).png()));
  }

  private static String id(int i) {
    return "r-" + i;
  }

  /** The cluster id of the broker line in the log; {@code kind} is "new" for a formatted dir, "its" for a restart. */
  private static String cluster(ServiceProcess service, String kind) {
    Matcher m = CLUSTER.matcher(service.log());
    assertTrue(m.find(), "no broker start line\n" + service.logTail());
    assertEquals(kind, m.group(1), "broker start line: " + m.group());
    return m.group(2);
  }

  private static int indexed(ServiceProcess service) {
    try {
      return http(service).indexedItems();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean allSearchable(ServiceProcess service, Set<String> ids) {
    try {
      for (String id : ids) {
        if (!http(service).searchable(id)) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static int countSearchable(ServiceProcess service, Set<String> ids) throws Exception {
    List<String> found = new ArrayList<>();
    for (String id : ids) {
      if (http(service).searchable(id)) {
        found.add(id);
      }
    }
    return found.size();
  }

  private static void await(BooleanSupplier done, String what, ServiceProcess service) throws InterruptedException {
    long deadline = System.nanoTime() + INGEST_TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + INGEST_TIMEOUT + " waiting for: " + what + "\n"
            + service.logTail());
      }
      Thread.sleep(100);
    }
  }
}
