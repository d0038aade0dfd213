package com.hdcsearch.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.kafka.KafkaTestResource;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's endpoints in the running service: the sampled history follows the index, ingest, dead letters and
 * lookups as they happen, one sample per second (the test profile's resolution); the pick strip draws real items.
 */
@Tag("quarkus")
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class DashboardResourceTest {
  private static final int ITEMS = 30;
  private static final long TIMEOUT_MS = 60_000;

  @Inject KafkaCluster kafka;

  /** Produces the catalog and one empty image once per app (idempotent: same ids), then waits until it is indexed. */
  @BeforeEach
  void catalogIsIndexed() throws Exception {
    awaitTrue(() -> given().get("/q/health/ready").statusCode() == 200, "ready");
    List<TestImages.Item> images = TestImages.fashionMnist(ITEMS);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < ITEMS; i++) {
        producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, "dash-" + i,
            TestImages.catalogImage("dash-" + i, images.get(i).label(), images.get(i).png())));
      }
      producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, "dash-empty",
          TestImages.catalogImage("dash-empty", "coat", new byte[0]))).get();
    }
    for (int i = 0; i < ITEMS; i++) {
      String id = "dash-" + i;
      awaitTrue(() -> given().get("/api/items/" + id).statusCode() == 200, "catalog indexed");
    }
  }

  @Test
  void theHistoryFollowsIngestDeadLettersAndLookups() throws Exception {
    for (int i = 0; i < 20; i++) {
      given().get("/api/items/dash-" + (i % ITEMS) + "/similar?k=3").then().statusCode(200);
    }
    given().get("/api/items/no-such-item/similar").then().statusCode(404);

    // The sample after the lookups: every figure is there, from the beans that made it.
    int indexed = given().get("/api/model").then().extract().path("indexedItems");
    awaitTrue(() -> {
      JsonPath h = history("");
      Float rate = h.get("series.'lookup.similar.rate'.max()");
      Float last = h.get("series.items.last()");
      return rate != null && rate > 0 && last != null && last >= indexed;
    }, "a sample with the lookups and every item");
    JsonPath h = history("");
    assertEquals(1000, h.getInt("resolutionMs"));
    assertEquals(4 * 3600 * 1000, h.getInt("retentionMs"));
    List<Long> times = h.getList("times", Long.class);
    assertTrue(times.size() >= 2, "samples: " + times);
    for (int i = 1; i < times.size(); i++) {
      assertTrue(times.get(i) > times.get(i - 1) && times.get(i) % 1000 == 0, "ordered slots: " + times);
    }
    assertTrue(times.getLast() <= h.getLong("now"));
    Float similarP50 = h.get("series.'lookup.similar.p50'.max()");
    assertNotNull(similarP50, "a lookup latency was sampled");
    assertTrue(similarP50 > 0 && similarP50 < 10_000, "p50 " + similarP50);
    Float errors = h.get("series.'lookup.errors.rate'.max()");
    assertTrue(errors != null && errors > 0, "the 404 lookup counts as an error");
    assertTrue(h.getFloat("series.'dlq.EMPTY_IMAGE'.last()") >= 1, "the empty image's dead letter, by reason");
    Float freshP99 = h.get("series.'fresh.p99'.max()");
    assertTrue(freshP99 != null && freshP99 > 0, "produce-to-searchable was sampled");
    assertEquals(given().get("/api/model/versions").then().extract().path("serving"), h.getString("serving"));
    assertTrue(h.getList("versions.findAll { it.status == 'SERVING' }").size() >= 1, "the serving version's mark");

    // Polling with the last sample's time gives only newer samples.
    long last = times.getLast();
    List<Long> newer = history("?since=" + last).getList("times", Long.class);
    assertTrue(newer.stream().allMatch(t -> t > last), "since: " + newer);
    given().get("/api/dashboard/history?since=yesterday").then().statusCode(400).body("error", equalTo("BAD_SINCE"));
  }

  @Test
  void picksAreDistinctSearchableItemsTheSameForTheSameSeed() throws Exception {
    JsonPath a = given().get("/api/dashboard/picks?n=5&seed=3").then().statusCode(200).extract().jsonPath();
    List<String> ids = a.getList("items.itemId");
    assertEquals(5, new HashSet<>(ids).size(), "distinct: " + ids);
    for (String id : ids) {
      given().get("/api/items/" + id).then().statusCode(200);
    }
    assertEquals(ids, given().get("/api/dashboard/picks?n=5&seed=3").then().extract().jsonPath()
        .getList("items.itemId"), "same seed, same items");
    given().get("/api/dashboard/picks?n=0").then().statusCode(400).body("error", equalTo("BAD_N"));
    given().get("/api/dashboard/picks?n=many").then().statusCode(400).body("error", equalTo("BAD_N"));
  }

  private static JsonPath history(String query) {
    return given().get("/api/dashboard/history" + query).then().statusCode(200).extract().jsonPath();
  }

  private interface Check {
    boolean get() throws Exception;
  }

  private static void awaitTrue(Check check, String what) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (!check.get()) {
      assertTrue(System.currentTimeMillis() < deadline, "not in time: " + what);
      Thread.sleep(100);
    }
  }
}
