package com.hdcsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.kafka.KafkaTestResource;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API of the running service: Kafka in, Lucene out, errors as JSON. */
@Tag("quarkus")
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class SearchResourceTest {
  /** Version ids are the time plus a random suffix, never the seed's deterministic name. */
  private static final String VERSION_ID = "v\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{6}";

  private static final int ITEMS = 60;
  private static final long TIMEOUT_MS = 60_000;

  @Inject KafkaCluster kafka;

  private final List<TestImages.Item> images = TestImages.fashionMnist(ITEMS);

  /** Produces the catalog once per app (idempotent: same ids), then waits until all of it is searchable. */
  @BeforeEach
  void catalogIsIndexed() throws Exception {
    awaitStatus("/q/health/ready", 200);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < ITEMS; i++) {
        producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, "api-" + i,
            TestImages.catalogImage("api-" + i, images.get(i).label(), images.get(i).png())));
      }
    }
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (given().get("/api/model").then().extract().path("indexedItems") instanceof Integer n && n < ITEMS) {
      assertTrue(System.currentTimeMillis() < deadline, "catalog not indexed in time");
      Thread.sleep(50);
    }
  }

  /** The production default model: the untrained built-in network, seed 42, registered as the first version. */
  private static String servingVersion() {
    return given().get("/api/model/versions").then().statusCode(200).extract().path("serving");
  }

  @Test
  void theFirstVersionIsRegisteredAsServingWithAUniqueId() {
    String serving = servingVersion();
    assertTrue(serving.matches(VERSION_ID), serving);
    given().get("/api/model").then().statusCode(200).body("modelVersion", equalTo(serving));
    given().get("/api/model/versions").then().statusCode(200)
        .body("target", equalTo(serving))
        .body("versions.find { it.versionId == '" + serving + "' }.status", equalTo("SERVING"))
        .body("versions.find { it.versionId == '" + serving + "' }.reason",
            containsString("untrained built-in network, seed 42"));
    given().get("/api/training").then().statusCode(200).body("state", equalTo("IDLE"));
  }

  @Test
  void adminEndpointsAreClosedWithoutAConfiguredToken() {
    given().post("/api/admin/training/pause").then().statusCode(403).body("error", equalTo("ADMIN_DISABLED"));
    given().header("Authorization", "Bearer anything-at-all-long-enough").post("/api/admin/model/rollback")
        .then().statusCode(403);
    given().post("/api/admin/model/promote/" + servingVersion()).then().statusCode(403);
  }

  @Test
  void similarItemsExcludeTheItemAndComeBestFirst() {
    Response r = given().get("/api/items/api-3/similar?k=5").then().statusCode(200)
        .body("modelVersion", equalTo(servingVersion()))
        .body("results", hasSize(5))
        .body("results.itemId", not(hasItem("api-3")))
        .extract().response();
    List<Float> scores = r.path("results.score");
    for (int i = 1; i < scores.size(); i++) {
      assertTrue(scores.get(i - 1) >= scores.get(i), "best first: " + scores);
    }
    given().get("/api/items/api-3/similar").then().statusCode(200).body("results", hasSize(10));
  }

  @Test
  void searchByImageFindsTheItemFirst() {
    given().contentType("image/png").body(images.get(7).png()).post("/api/search?k=3").then().statusCode(200)
        .body("results", hasSize(3))
        .body("results[0].itemId", equalTo("api-7"))
        .body("results[0].label", equalTo(images.get(7).label()));
  }

  @Test
  void itemAndModelDescribeTheIndex() {
    given().get("/api/items/api-1").then().statusCode(200)
        .body("itemId", equalTo("api-1"))
        .body("label", equalTo(images.get(1).label()))
        .body("modelVersion", equalTo(servingVersion()))
        .body("dimension", equalTo(192)); // three 64-d levels of the built-in cascade
    int indexed = given().get("/api/model").then().statusCode(200)
        .body("modelVersion", equalTo(servingVersion()))
        .extract().path("indexedItems");
    assertTrue(indexed >= ITEMS, "indexedItems: " + indexed);
  }

  @Test
  void itemImageIsTheProducedPng() {
    byte[] png = given().get("/api/items/api-4/image").then().statusCode(200).contentType("image/png")
        .extract().asByteArray();
    assertTrue(java.util.Arrays.equals(images.get(4).png(), png), "the bytes as produced");
    given().accept("*/*").get("/api/items/no-such-item/image").then().statusCode(404)
        .body("error", equalTo("ITEM_NOT_FOUND"));
  }

  @Test
  void errorsAreJsonNamingTheProblem() {
    given().get("/api/items/no-such-item/similar").then().statusCode(404)
        .body("error", equalTo("ITEM_NOT_FOUND")).body("message", containsString("no-such-item"));
    given().get("/api/items/no-such-item").then().statusCode(404).body("error", equalTo("ITEM_NOT_FOUND"));
    given().get("/api/items/api-1/similar?k=0").then().statusCode(400).body("error", equalTo("BAD_K"));
    given().get("/api/items/api-1/similar?k=abc").then().statusCode(400).body("error", equalTo("BAD_K"));
    given().get("/api/items/api-1/similar?k=100000").then().statusCode(400).body("error", equalTo("BAD_K"));
    given().contentType("text/plain").body("hello").post("/api/search").then().statusCode(415)
        .body("error", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    given().contentType("image/png").body("GIF89a-not-png".getBytes()).post("/api/search").then().statusCode(415)
        .body("error", equalTo("UNSUPPORTED_TYPE"));
    given().contentType("image/png").body(new byte[0]).post("/api/search").then().statusCode(400)
        .body("error", equalTo("EMPTY_IMAGE"));
    byte[] truncated = java.util.Arrays.copyOf(images.get(0).png(), 40);
    given().contentType("image/png").body(truncated).post("/api/search").then().statusCode(400)
        .body("error", equalTo("TRUNCATED_IMAGE"));
    byte[] tooBig = new byte[65537];
    tooBig[0] = (byte) 0x89;
    given().contentType("image/png").body(tooBig).post("/api/search").then().statusCode(413)
        .body("error", equalTo("TOO_MANY_BYTES")).body("message", containsString("65536"));
  }

  @Test
  void readinessAndMetricsReportThePipeline() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/api/items/api-2/similar?k=3").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    for (String name : List.of("hdc_ingest_records_in_total", "hdc_ingest_records_accepted_total",
        "hdc_ingest_records_deadlettered_total", "hdc_embed_images_total", "hdc_embed_batch_latency_seconds",
        "hdc_index_size", "hdc_index_refresh_latency_seconds", "hdc_search_latency_seconds",
        "hdc_freshness_produce_to_searchable_seconds")) {
      assertTrue(metrics.contains(name), "missing metric " + name);
    }
  }

  private static void awaitStatus(String path, int status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (given().get(path).statusCode() != status) {
      assertTrue(System.currentTimeMillis() < deadline, path + " never answered " + status);
      Thread.sleep(100);
    }
  }
}
