package com.hdcsearch.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.cluster.JavaLauncher;
import com.hdcsearch.cluster.LocalKafkaCluster;
import com.hdcsearch.cluster.LocalServiceInstance;
import com.hdcsearch.process.ServiceProcess;
import com.hdcsearch.stream.LargeImages;
import com.hdcsearch.stream.TestImages;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two service instances on a real three-node Kafka cluster (three broker JVMs on real ports, replication factor 3,
 * {@code min.insync.replicas} 2), started by the same tooling as {@code ./hdc cluster up}. The instances split the
 * ingest partitions and each answers every lookup: all items are searchable on both, any item's image (a 3 MB one
 * included) comes from either, and their answers to the same query agree. Exactly one trains. A kill -9 of the
 * training instance in the middle of ingest: the other takes over its partitions and the training with nothing lost,
 * and stays ready all the while. A kill -9 of a broker: every write is still acknowledged, nothing acknowledged is
 * lost, and ingest goes on.
 */
@Tag("process")
class ClusterIT {
  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration SEARCHABLE = Duration.ofSeconds(120);
  private static final int FIRST = 120;
  private static final int SECOND = 160;
  private static final int THIRD = 80;
  private static final int ITEMS = FIRST + SECOND + THIRD;
  /** The second batch is produced at this rate, and the leader killed once a third of it is out. */
  private static final int SECOND_PER_SECOND = 40;
  private static final String BIG = "big-3mb";
  private static final int BIG_BYTES = 3_005_196;
  /** Session timeouts that bound the takeover after a kill -9 (Kafka's defaults: 45 s); 6 s is the broker's least. */
  private static final Map<String, String> FAST_FAILOVER = Map.of(
      "kafka.session.timeout.ms", "8000",
      "hdc.cluster.leader-session-timeout", "6s",
      // Leadership is what this test checks, not learning: the trainer waits for more classes (16) than Fashion-MNIST
      // has (10), so that it leaves the cores to ingest.
      "hdc.online.enabled", "true",
      "hdc.online.min-classes", "16",
      "hdc.online.classes-per-batch", "16");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<TestImages.Item> images = TestImages.fashionMnist(ITEMS);
  /** Every acknowledged record: item id to its image bytes (written by the producing thread too). */
  private final Map<String, byte[]> produced = new ConcurrentHashMap<>();

  @Test
  void twoInstancesOnAThreeBrokerClusterShareTheWorkAndSurviveKillNine() throws Exception {
    Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-data")), "cluster-");
    Path logs = Path.of("target", "it-logs", root.getFileName().toString());
    JavaLauncher launcher = new JavaLauncher(Path.of(System.getProperty("java.home"), "bin", "java"),
        ServiceProcess.launcherJvmFlags(Path.of(System.getProperty(ServiceProcess.LAUNCHER_PROPERTY, "hdc"))),
        Path.of(System.getProperty("hdc.it.jar", "target/quarkus-app/quarkus-run.jar")));
    try (LocalKafkaCluster kafka = LocalKafkaCluster.start(root.resolve("kafka"), 3, 0, launcher, START)) {
      LocalServiceInstance a = null;
      LocalServiceInstance b = null;
      try {
        // The first instance alone: it registers the cluster's first model version, which the second then serves.
        a = LocalServiceInstance.start(launcher, spec("a", root, kafka), logs.resolve("a.log"));
        a.awaitReady(START);
        b = LocalServiceInstance.start(launcher, spec("b", root, kafka), logs.resolve("b.log"));
        b.awaitReady(START);
        List<LocalServiceInstance> both = List.of(a, b);
        assertReplicated(kafka);

        // 1. One batch and a 3 MB image: searchable on both, every image from either, the same answers.
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
          for (int i = 0; i < FIRST; i++) {
            send(producer, i);
          }
          byte[] big = LargeImages.png(BIG_BYTES, 14);
          producer.send(new ProducerRecord<>("catalog.images", BIG, TestImages.catalogImage(BIG, "noise", big)))
              .get(30, TimeUnit.SECONDS);
          produced.put(BIG, big);
        }
        for (LocalServiceInstance s : both) {
          awaitSearchable(s, produced.keySet());
        }
        for (LocalServiceInstance s : both) {
          for (var e : produced.entrySet()) {
            HttpResponse<byte[]> r = s.get("/api/items/" + e.getKey() + "/image");
            assertEquals(200, r.statusCode(), s.spec().name() + ": image of " + e.getKey());
            assertArrayEquals(e.getValue(), r.body(), s.spec().name() + ": image bytes of " + e.getKey());
          }
          // Its own store holds only its partitions' images: the rest came from the other instance.
          int local = 0;
          for (String id : produced.keySet()) {
            if (localImage(s, id)) {
              local++;
            }
          }
          assertTrue(local > 0 && local < produced.size(), s.spec().name() + " holds " + local + " of "
              + produced.size() + " images itself: the partitions are not split");
        }
        for (int i = 0; i < 20; i++) {
          JsonNode fromA = similar(a, id(i));
          JsonNode fromB = similar(b, id(i));
          assertEquals(fromA.get("modelVersion").asText(), fromB.get("modelVersion").asText());
          assertEquals(ids(fromA), ids(fromB), "answers for " + id(i));
          for (int j = 0; j < fromA.get("results").size(); j++) {
            assertEquals(fromA.get("results").get(j).get("score").asDouble(),
                fromB.get("results").get(j).get("score").asDouble(), 1e-5, "score " + j + " for " + id(i));
          }
        }
        awaitTrue(() -> leaders(both) == 1, Duration.ofSeconds(60), "exactly one trainer");
        LocalServiceInstance leader = leader(a) ? a : b;
        LocalServiceInstance survivor = leader == a ? b : a;

        // 2. kill -9 of the trainer in the middle of ingest: the survivor takes its partitions and the training.
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> producing =
            CompletableFuture.runAsync(() -> produceAtRate(kafka, FIRST, FIRST + SECOND, sent));
        awaitTrue(() -> sent.get() >= SECOND / 3, Duration.ofSeconds(60), "a third of the second batch sent");
        leader.kill();
        List<Integer> readiness = new ArrayList<>();
        long deadline = System.nanoTime() + SEARCHABLE.toNanos();
        while (!producing.isDone() || !allSearchable(survivor, produced.keySet())) {
          readiness.add(survivor.ready() ? 200 : 503);
          assertTrue(System.nanoTime() < deadline, "not all searchable on " + survivor.spec().name()
              + " within " + SEARCHABLE + "; see " + survivor.log());
          Thread.sleep(200);
        }
        producing.get(); // rethrows a failed send
        assertEquals(FIRST + SECOND + 1, produced.size());
        assertTrue(readiness.stream().allMatch(s -> s == 200),
            "readiness went DOWN while the partitions moved: " + readiness);
        awaitTrue(() -> leader(survivor), Duration.ofSeconds(60), "the survivor trains");
        for (String id : List.of(id(0), id(FIRST + SECOND - 1), BIG)) {
          assertArrayEquals(produced.get(id), survivor.get("/api/items/" + id + "/image").body(), id);
        }

        // 3. kill -9 of a broker: every write still acknowledged (2 replicas in sync), ingest goes on, none lost.
        kafka.kill(2);
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
          for (int i = FIRST + SECOND; i < ITEMS; i++) {
            send(producer, i);
          }
        }
        awaitSearchable(survivor, produced.keySet());
        assertEquals(produced.keySet(), catalogKeys(kafka), "keys in catalog.images after the broker's death");
        assertTrue(survivor.ready(), "ready after the broker's death");
        assertEquals(200, survivor.get("/q/health/live").statusCode(), "live after the broker's death");
      } finally {
        if (a != null) {
          a.kill();
        }
        if (b != null) {
          b.kill();
        }
        for (int n = 1; n <= 3; n++) {
          kafka.kill(n);
        }
      }
    }
  }

  private static LocalServiceInstance.Spec spec(String name, Path root, LocalKafkaCluster kafka) throws IOException {
    return new LocalServiceInstance.Spec(name, freePort(), root.resolve(name), root.resolve("shared"),
        kafka.bootstrapServers(), 3, "640m", FAST_FAILOVER);
  }

  /** Our topics and Kafka Streams' changelog: three replicas, two of them in sync for a write. */
  private static void assertReplicated(LocalKafkaCluster kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      List<String> topics = new ArrayList<>(List.of("catalog.images", "catalog.embeddings", "model.versions"));
      admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.endsWith("-changelog"))
          .forEach(topics::add);
      assertTrue(topics.size() > 3, "no Streams changelog among " + topics);
      var descriptions = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
          .toList();
      var configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      for (String t : topics) {
        descriptions.get(t).partitions().forEach(p -> assertEquals(3, p.replicas().size(), t + " replicas"));
        assertEquals("2", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t))
            .get("min.insync.replicas").value(), t + " min.insync.replicas");
      }
    }
  }

  private void send(KafkaProducer<String, byte[]> producer, int i) throws Exception {
    producer.send(record(i)).get(30, TimeUnit.SECONDS);
    produced.put(id(i), images.get(i).png());
  }

  private void produceAtRate(LocalKafkaCluster kafka, int from, int to, AtomicInteger sent) {
    try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
      long start = System.nanoTime();
      for (int i = from; i < to; i++) {
        send(producer, i);
        sent.incrementAndGet();
        long wait = start + (long) ((i - from + 1) * 1e9 / SECOND_PER_SECOND) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    } catch (Exception e) {
      throw new AssertionError("producing the second batch failed after " + sent.get() + " records", e);
    }
  }

  private ProducerRecord<String, byte[]> record(int i) {
    return new ProducerRecord<>("catalog.images", id(i),
        TestImages.catalogImage(id(i), images.get(i).label(), images.get(i).png()));
  }

  private static String id(int i) {
    return "c-" + i;
  }

  private static KafkaProducer<String, byte[]> producer(LocalKafkaCluster kafka) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20,
        ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
  }

  /** Every key in catalog.images, read from the start of each partition by a consumer of no group. */
  private static Set<String> catalogKeys(LocalKafkaCluster kafka) {
    Set<String> keys = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor("catalog.images").stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
      }
    }
    return keys;
  }

  private static boolean localImage(LocalServiceInstance s, String id) throws IOException {
    return s.get("/api/items/" + id + "/image", Map.of("X-Hdc-Local", "true")).statusCode() == 200;
  }

  private static JsonNode similar(LocalServiceInstance s, String id) throws IOException {
    HttpResponse<byte[]> r = s.get("/api/items/" + id + "/similar?k=5");
    assertEquals(200, r.statusCode(), s.spec().name() + " similar " + id);
    return JSON.readTree(r.body());
  }

  private static List<String> ids(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.get("results").forEach(n -> ids.add(n.get("itemId").asText()));
    return ids;
  }

  private static boolean leader(LocalServiceInstance s) {
    try {
      String metrics = new String(s.get("/q/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
      // The gauge carries the instance_id tag: hdc_online_leader{instance_id="..."} 1.0
      return metrics.lines().anyMatch(l -> (l.startsWith("hdc_online_leader ") || l.startsWith("hdc_online_leader{"))
          && l.endsWith(" 1.0"));
    } catch (IOException e) {
      return false;
    }
  }

  private static int leaders(List<LocalServiceInstance> all) {
    return (int) all.stream().filter(ClusterIT::leader).count();
  }

  private static void awaitSearchable(LocalServiceInstance s, Set<String> ids) throws InterruptedException {
    awaitTrue(() -> allSearchable(s, ids), SEARCHABLE, "all " + ids.size() + " items searchable on "
        + s.spec().name() + " (see " + s.log() + ")");
  }

  private static boolean allSearchable(LocalServiceInstance s, Set<String> ids) {
    List<String> copy = List.copyOf(ids);
    try {
      for (String id : copy) {
        if (s.get("/api/items/" + id).statusCode() != 200) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
