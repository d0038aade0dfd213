package com.hdcsearch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.kafka.EmbeddedKafkaBroker;
import com.hdcsearch.process.ServiceHttp;
import com.hdcsearch.process.ServiceProcess;
import com.hdcsearch.stream.TestImages;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * After a kill -9, the restarted service answers lookups from its committed index and the saved weights of the
 * version it served before Kafka is up: here Kafka (a broker in this JVM, the service's external cluster) is down for
 * the whole time the restarted service is checked, so an answer can only come from local state. Readiness says DOWN
 * meanwhile and {@code /q/health/group/lookups} UP; once the broker is back the service becomes ready on the same
 * version and ingests again.
 */
@Tag("process")
class EarlyLookupsIT {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int ITEMS = 40;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<TestImages.Item> images = TestImages.fashionMnist(ITEMS + 1);

  @Test
  void lookupsAnswerFromTheLocalIndexWhileKafkaIsDownAfterAKillNine() throws Exception {
    Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-data")), "early-");
    Path logs = Path.of("target", "it-logs");
    ServiceProcess.Ports ports = ServiceProcess.Ports.free();
    Path brokerDir = home.resolve("broker");
    Map<String, String> settings = Map.of("kafka.bootstrap.servers", "localhost:" + ports.kafka(),
        "hdc.online.enabled", "false");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, ports.kafka());
    try {
      // 1. A catalog indexed and committed, then kill -9.
      String version;
      try (ServiceProcess service = start(home, ports, settings, logs.resolve("early-1.log"))) {
        service.awaitReady(READY_TIMEOUT);
        try (KafkaProducer<String, byte[]> producer = producer(ports)) {
          for (int i = 0; i < ITEMS; i++) {
            producer.send(record(i)).get(10, TimeUnit.SECONDS);
          }
        }
        ServiceHttp http = new ServiceHttp(service.url());
        await(() -> http.indexedItems() == ITEMS, "the catalog searchable", service);
        version = http.modelVersion();
        Path index = home.resolve("data").resolve("index").resolve(version);
        await(() -> committedDocs(index) == ITEMS, "the catalog committed in " + index, service);
        service.kill();
      }

      // 2. Kafka down: the restarted service answers from its own disk, and says it is not ready.
      broker.close();
      try (ServiceProcess service = start(home, ports, settings, logs.resolve("early-2.log"))) {
        ServiceHttp http = new ServiceHttp(service.url(), Duration.ofSeconds(5));
        long start = System.nanoTime();
        HttpResponse<String> first = awaitLookup(http, id(0), service);
        long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        JsonNode answer = JSON.readTree(first.body());
        assertEquals(version, answer.get("modelVersion").asText(), first.body());
        assertEquals(5, answer.get("results").size(), first.body());
        HttpResponse<String> ready = http.get("/q/health/ready");
        assertEquals(503, ready.statusCode(), "readiness while Kafka is down: " + ready.body());
        JsonNode lookups = JSON.readTree(http.get("/q/health/group/lookups").body());
        assertEquals("UP", lookups.get("status").asText(), lookups.toString());
        JsonNode data = lookups.get("checks").get(0).get("data");
        assertEquals("starting", data.get("kafkaSide").asText(), lookups.toString());
        assertEquals(version, data.get("modelVersion").asText(), lookups.toString());
        for (int i = 0; i < ITEMS; i++) {
          assertEquals(200, http.similarStatus(id(i), 3), "lookup of " + id(i) + " while Kafka is down");
        }
        assertTrue(service.log().contains("Early lookups: model " + version), service.logTail());
        System.out.printf("restart with Kafka down: the first lookup answered %d ms after the start, on %s%n",
            answeredMs, version);

        // 3. Kafka back: ready on the same version, and new items flow again.
        broker = EmbeddedKafkaBroker.start(brokerDir, ports.kafka());
        Duration readyAfter = service.awaitReady(READY_TIMEOUT);
        assertEquals(version, http.modelVersion(), "the registry names the version that served early");
        try (KafkaProducer<String, byte[]> producer = producer(ports)) {
          producer.send(record(ITEMS)).get(10, TimeUnit.SECONDS);
        }
        await(() -> http.searchable(id(ITEMS)), "an item sent after the restart searchable", service);
        JsonNode after = JSON.readTree(http.get("/q/health/group/lookups").body());
        assertEquals("up", after.get("checks").get(0).get("data").get("kafkaSide").asText(), after.toString());
        System.out.printf("broker back: ready %d ms later%n", readyAfter.toMillis());
        service.stop();
      }
    } finally {
      broker.close();
    }
    com.hdcsearch.versions.VersionStore.deleteTree(home); // kept when the test fails, for a look at its data
  }

  private static ServiceProcess start(Path home, ServiceProcess.Ports ports, Map<String, String> settings, Path log)
      throws java.io.IOException {
    Files.deleteIfExists(log);
    return ServiceProcess.start(ServiceProcess.Launch.of(home).withPorts(ports).withSettings(settings).withLog(log));
  }

  /** Documents in the last commit of the index at {@code dir} (0 before its first commit). */
  private static int committedDocs(Path dir) throws Exception {
    try (var directory = FSDirectory.open(dir)) {
      if (!DirectoryReader.indexExists(directory)) {
        return 0;
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        return reader.numDocs();
      }
    }
  }

  private static HttpResponse<String> awaitLookup(ServiceHttp http, String itemId, ServiceProcess service)
      throws Exception {
    long deadline = System.nanoTime() + LOOKUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(service.isAlive(), "the restarted service exited\n" + service.logTail());
      try {
        HttpResponse<String> r = http.get("/api/items/" + ServiceHttp.encode(itemId) + "/similar?k=5");
        if (r.statusCode() == 200) {
          return r;
        }
      } catch (java.io.IOException notListening) {
        // not yet
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new AssertionError("no lookup answered within " + LOOKUP_TIMEOUT + " with Kafka down\n" + service.logTail());
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void await(Check check, String what, ServiceProcess service) throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + READY_TIMEOUT + ": " + what + "\n" + service.logTail());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static KafkaProducer<String, byte[]> producer(ServiceProcess.Ports ports) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + ports.kafka(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20,
        ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
  }

  private ProducerRecord<String, byte[]> record(int i) {
    return new ProducerRecord<>("catalog.images", id(i),
        TestImages.catalogImage(id(i), images.get(i).label(), images.get(i).png()));
  }

  private static String id(int i) {
    return "e-" + i;
  }
}
