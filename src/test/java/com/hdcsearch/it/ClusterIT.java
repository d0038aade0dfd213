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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * included) comes from either, and their answers to the same query agree. Exactly one trains; a version it promotes
 * is followed by every instance (each reports it serving, their answers name it and agree, and no lookup during the
 * swap answers from a version it already left or with results of another version). A kill -9 of the training
 * instance in the middle of ingest: the other takes over its partitions and the training with nothing lost, and stays
 * ready all the while. A kill -9 of a broker: every write is still acknowledged, nothing acknowledged is lost, and
 * ingest goes on.
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
  /** How long the trainer may take to cut a candidate, and every instance to swap to the promoted version. */
  private static final Duration PROMOTION = Duration.ofSeconds(120);
  /** Between two lookups of one instance while the promotion runs: a steady probe, not a load. */
  private static final long LOOKUP_PAUSE_MS = 40;
  private static final int QUERIES = 20;
  private static final String TOKEN = "cluster-it-admin-token-0123456789";
  /** Session timeouts that bound the takeover after a kill -9 (Kafka's defaults: 45 s); 6 s is the broker's least. */
  private static final Map<String, String> FAST_FAILOVER = Map.of(
      "kafka.session.timeout.ms", "8000",
      "hdc.cluster.leader-session-timeout", "6s");
  /**
   * A trainer that promotes soon, set as {@code OnlineServiceProfile} sets it (a candidate every 15 steps, judged with
   * no margin on held-out items of the trained classes). Training is paused on both instances before any data arrives
   * and resumed on the leader only for the promotion, so that it leaves the cores to ingest in the other steps and the
   * answers compared there come from one version.
   */
  private static final Map<String, String> TRAINING = Map.ofEntries(
      Map.entry("hdc.online.enabled", "true"),
      Map.entry("hdc.online.classes-per-batch", "6"),
      Map.entry("hdc.online.images-per-class", "4"),
      Map.entry("hdc.online.min-classes", "4"),
      Map.entry("hdc.online.candidate-every-steps", "15"),
      Map.entry("hdc.online.candidate-min-interval", "0s"),
      Map.entry("hdc.online.heldout.label-share", "0"),
      Map.entry("hdc.online.heldout.item-share", "0.25"),
      Map.entry("hdc.online.gate.margin", "0"),
      Map.entry("hdc.online.gate.seen-tolerance", "1"),
      Map.entry("hdc.online.gate.min-classes", "2"),
      Map.entry("hdc.admin.token", TOKEN));

  /** One answer to a similar-by-id lookup made while the promotion ran. */
  private record Answer(String id, JsonNode body) {}

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
        admin(a, "/api/admin/training/pause"); // before any data: nothing to train on yet
        b = LocalServiceInstance.start(launcher, spec("b", root, kafka), logs.resolve("b.log"));
        b.awaitReady(START);
        admin(b, "/api/admin/training/pause");
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
        String first = serving(a);
        Map<String, JsonNode> before = sameAnswers(a, b, first);
        awaitTrue(() -> leaders(both) == 1, Duration.ofSeconds(60), "exactly one trainer");
        LocalServiceInstance leader = leader(a) ? a : b;
        LocalServiceInstance survivor = leader == a ? b : a;

        // 2. A version promoted on the trainer's instance: every instance follows model.versions and swaps to it.
        String promoted = promoteOnTheLeader(leader, both, first, before);

        // 3. kill -9 of the trainer in the middle of ingest: the survivor takes its partitions and the training.
        String held = null; // an item whose catalog partition the leader holds (no standby copies here)
        for (int i = 0; held == null && i < FIRST; i++) {
          held = localImage(leader, id(i)) ? id(i) : null;
        }
        assertTrue(held != null, "the leader holds none of the first batch's images itself");
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> producing =
            CompletableFuture.runAsync(() -> produceAtRate(kafka, FIRST, FIRST + SECOND, sent));
        awaitTrue(() -> sent.get() >= SECOND / 3, Duration.ofSeconds(60), "a third of the second batch sent");
        leader.kill();
        // Until the dead instance's Streams session times out (kafka.session.timeout.ms), the survivor's metadata
        // still names it as the owner: the image answers 503, as the README says, not 404 or wrong bytes.
        HttpResponse<byte[]> orphan = survivor.get("/api/items/" + held + "/image");
        assertEquals(503, orphan.statusCode(), "image of " + held + " right after its owner's kill -9");
        assertTrue(new String(orphan.body(), java.nio.charset.StandardCharsets.UTF_8).contains("CATALOG_UNAVAILABLE"),
            "the 503 says why");
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

        // 4. kill -9 of a broker: every write still acknowledged (2 replicas in sync), ingest goes on, none lost.
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
        assertEquals(promoted, serving(survivor), "the promoted version still serves after the takeover");
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
    Map<String, String> properties = new java.util.HashMap<>(FAST_FAILOVER);
    properties.putAll(TRAINING);
    return new LocalServiceInstance.Spec(name, freePort(), root.resolve(name), root.resolve("shared"),
        kafka.bootstrapServers(), 3, "640m", properties);
  }

  /**
   * Resumes training on the leader until the gate has judged a candidate, pauses it again, and has that version (or
   * the last one the gate promoted, when a second was cut before the pause) promoted: by the gate, else through the
   * admin API. Lookups run on every instance all the while. Returns the version every instance then serves, having
   * checked that each reports it, that their answers name it and agree, and that no lookup went back to a version it
   * had left or answered with another version's results.
   */
  private String promoteOnTheLeader(LocalServiceInstance leader, List<LocalServiceInstance> all, String first,
      Map<String, JsonNode> before) throws Exception {
    List<String> queries = List.copyOf(before.keySet());
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> lookups = new ArrayList<>();
    for (LocalServiceInstance s : all) {
      List<Answer> seen = Collections.synchronizedList(new ArrayList<>());
      answers.put(s.spec().name(), seen);
      Thread t = new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          String id = queries.get(n % queries.size());
          try {
            HttpResponse<byte[]> r = s.get("/api/items/" + id + "/similar?k=5");
            if (r.statusCode() == 200) {
              seen.add(new Answer(id, JSON.readTree(r.body())));
            } else {
              failures.add(s.spec().name() + " " + id + ": " + r.statusCode() + " " + new String(r.body(),
                  java.nio.charset.StandardCharsets.UTF_8));
            }
            Thread.sleep(LOOKUP_PAUSE_MS);
          } catch (IOException e) {
            failures.add(s.spec().name() + " " + id + ": " + e);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "cluster-it-lookups-" + s.spec().name());
      t.setDaemon(true);
      t.start();
      lookups.add(t);
    }
    String promoted;
    try {
      admin(leader, "/api/admin/training/resume");
      awaitTrue(() -> !versionsIn(leader, first, Set.of("PROMOTED", "SERVING", "REJECTED")).isEmpty(), PROMOTION,
          "a candidate judged by the gate on " + leader.spec().name() + " (see " + leader.log() + ")");
      admin(leader, "/api/admin/training/pause");
      // A candidate cut just before the pause is still judged: wait for that too, then take the last decision.
      awaitTrue(() -> versionsIn(leader, first, Set.of("CANDIDATE")).isEmpty(), PROMOTION, "no candidate pending");
      List<String> chosen = versionsIn(leader, first, Set.of("PROMOTED", "SERVING"));
      if (chosen.isEmpty()) { // the gate refused it: an operator promotes it, as the admin API allows
        List<String> rejected = versionsIn(leader, first, Set.of("REJECTED"));
        promoted = rejected.get(rejected.size() - 1);
        admin(leader, "/api/admin/model/promote/" + promoted);
      } else {
        promoted = chosen.get(chosen.size() - 1);
      }
      for (LocalServiceInstance s : all) {
        awaitTrue(() -> servesOnly(s, promoted), PROMOTION, s.spec().name() + " serving " + promoted + " (see "
            + s.log() + ")");
      }
      // Each instance's lookups have answered from the new version too before they stop.
      for (LocalServiceInstance s : all) {
        List<Answer> seen = answers.get(s.spec().name());
        awaitTrue(() -> {
          synchronized (seen) {
            return seen.stream().anyMatch(x -> promoted.equals(x.body().get("modelVersion").asText()));
          }
        }, Duration.ofSeconds(30), s.spec().name() + "'s lookups answered by " + promoted);
      }
    } finally {
      stop.set(true);
      for (Thread t : lookups) {
        t.join(Duration.ofSeconds(20).toMillis());
      }
    }

    for (LocalServiceInstance s : all) {
      JsonNode versions = JSON.readTree(s.get("/api/model/versions").body());
      assertEquals(promoted, versions.get("serving").asText(), s.spec().name() + " serving");
      assertEquals(promoted, versions.get("target").asText(), s.spec().name() + " target");
      assertEquals("SERVING", statusOf(versions, promoted), s.spec().name() + ": " + promoted);
      assertEquals("RETIRED", statusOf(versions, first), s.spec().name() + ": " + first);
    }
    Map<String, JsonNode> after = sameAnswers(all.get(0), all.get(1), promoted);
    assertEquals(List.of(), failures, "lookups that failed during the promotion");
    List<String> order = new ArrayList<>();
    JSON.readTree(leader.get("/api/model/versions").body()).get("versions")
        .forEach(v -> order.add(v.get("versionId").asText()));
    for (LocalServiceInstance s : all) {
      String name = s.spec().name();
      int latest = 0;
      List<Answer> seen = List.copyOf(answers.get(name));
      assertTrue(seen.stream().anyMatch(x -> first.equals(x.body().get("modelVersion").asText())),
          name + " answered from " + first + " before the swap");
      for (Answer x : seen) {
        String version = x.body().get("modelVersion").asText();
        int at = order.indexOf(version);
        assertTrue(at >= 0, name + " answered " + x.id() + " from " + version + ", not a version of " + order);
        assertTrue(at >= latest, name + " answered " + x.id() + " from " + version + " after it had answered from "
            + order.get(latest));
        latest = at;
        JsonNode reference = version.equals(first) ? before.get(x.id())
            : version.equals(promoted) ? after.get(x.id()) : null;
        if (reference != null) { // the same hits and scores as that version's own index gives
          assertSameAnswer(reference, x.body(), name + " " + x.id() + " during the swap, from " + version);
        }
      }
    }
    return promoted;
  }

  /**
   * The first {@link #QUERIES} items' answers from both instances: the same hits and scores, from {@code version}.
   *
   * @return the answers by item id
   */
  private static Map<String, JsonNode> sameAnswers(LocalServiceInstance a, LocalServiceInstance b, String version)
      throws IOException {
    Map<String, JsonNode> answers = new java.util.LinkedHashMap<>();
    for (int i = 0; i < QUERIES; i++) {
      JsonNode fromA = similar(a, id(i));
      JsonNode fromB = similar(b, id(i));
      assertEquals(version, fromA.get("modelVersion").asText(), a.spec().name() + " answers " + id(i) + " from");
      assertSameAnswer(fromA, fromB, "answers for " + id(i));
      answers.put(id(i), fromA);
    }
    return answers;
  }

  private static void assertSameAnswer(JsonNode expected, JsonNode actual, String what) {
    assertEquals(expected.get("modelVersion").asText(), actual.get("modelVersion").asText(), what + ": version");
    assertEquals(ids(expected), ids(actual), what);
    for (int j = 0; j < expected.get("results").size(); j++) {
      assertEquals(expected.get("results").get(j).get("score").asDouble(),
          actual.get("results").get(j).get("score").asDouble(), 1e-5, what + ": score " + j);
    }
  }

  private static void admin(LocalServiceInstance s, String path) throws IOException {
    HttpResponse<byte[]> r = s.post(path, Map.of("Authorization", "Bearer " + TOKEN));
    assertEquals(200, r.statusCode(), s.spec().name() + " " + path + ": "
        + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String serving(LocalServiceInstance s) throws IOException {
    return JSON.readTree(s.get("/api/model/versions").body()).get("serving").asText();
  }

  /** Whether {@code s}'s registry serves {@code version} with no swap pending, and its index answers from it. */
  private static boolean servesOnly(LocalServiceInstance s, String version) {
    try {
      JsonNode versions = JSON.readTree(s.get("/api/model/versions").body());
      return version.equals(versions.path("serving").asText()) && version.equals(versions.path("target").asText())
          && version.equals(JSON.readTree(s.get("/api/model").body()).path("modelVersion").asText());
    } catch (IOException e) {
      return false;
    }
  }

  /** The versions other than {@code except} whose latest status is one of {@code statuses}, in order of birth. */
  private static List<String> versionsIn(LocalServiceInstance s, String except, Set<String> statuses) {
    List<String> out = new ArrayList<>();
    try {
      JSON.readTree(s.get("/api/model/versions").body()).path("versions").forEach(v -> {
        if (!except.equals(v.path("versionId").asText()) && statuses.contains(v.path("status").asText())) {
          out.add(v.path("versionId").asText());
        }
      });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  private static String statusOf(JsonNode versions, String version) {
    for (JsonNode v : versions.path("versions")) {
      if (version.equals(v.path("versionId").asText())) {
        return v.path("status").asText();
      }
    }
    return null;
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
