package com.hdcsearch.online;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.kafka.KafkaTestResource;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole loop in the running service, on a real broker with real training: images arrive, the trainer steps, a
 * candidate is promoted, every instance's swap re-embeds the catalog and switches, lookups hammered all along never
 * fail and never mix versions; the admin API pauses, resumes and rolls back, and refuses a missing or wrong token.
 */
@Tag("quarkus-online")
@QuarkusTest
@TestProfile(OnlineServiceProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class OnlineServiceTest {
  private static final int ITEMS = 240;
  private static final long TIMEOUT_MS = 240_000;

  @Inject KafkaCluster kafka;

  @Test
  void theServiceLearnsFromTheStreamAndSwapsSafely() throws Exception {
    awaitTrue(() -> given().get("/q/health/ready").statusCode() == 200, "ready");
    // Training waits until the lookups below have seen the first version answer: on a quiet machine a promotion and
    // a 240-item swap take about a second, and could be over before the first lookup.
    admin("/api/admin/training/pause").then().statusCode(200);
    awaitTrue(() -> {
      Response v = given().get("/api/model/versions");
      return v.statusCode() == 200 && java.util.Objects.equals(v.path("serving"), v.path("target"));
    }, "no swap in flight");
    String first = serving();
    List<TestImages.Item> images = TestImages.fashionMnist(ITEMS);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < ITEMS; i++) {
        producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, "o-" + i,
            TestImages.catalogImage("o-" + i, images.get(i).label(), images.get(i).png())));
      }
    }
    awaitTrue(() -> indexed() >= ITEMS, "catalog indexed");

    // Lookups from several threads through the whole promotion.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger answers = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
    List<Thread> hammers = new java.util.ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int offset = t;
      Thread h = new Thread(() -> {
        int n = 0;
        while (!stop.get()) {
          String id = "o-" + ((offset * 37 + n++) % ITEMS);
          Response r = given().get("/api/items/" + id + "/similar?k=5");
          if (r.statusCode() != 200 || r.jsonPath().getList("results").size() != 5) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, id + ": " + r.statusCode() + " " + r.asString());
            continue;
          }
          versionsSeen.add(r.jsonPath().getString("modelVersion"));
          answers.incrementAndGet();
        }
      });
      h.start();
      hammers.add(h);
    }

    try {
      awaitTrue(() -> versionsSeen.contains(first), "lookups answered by the first version");
      admin("/api/admin/training/resume").then().statusCode(200);
      // Training happens as data arrives, and a candidate is promoted and swapped in.
      awaitTrue(() -> given().get("/api/training").jsonPath().getLong("steps") > 0, "training steps");
      awaitTrue(() -> !first.equals(serving()), "a promoted version serves");
      String second = serving();
      awaitTrue(() -> second.equals(given().get("/api/model").jsonPath().getString("modelVersion")),
          "the index of the new version answers");
      assertEquals(ITEMS, indexed(), "every item once in the new index");
      Response versions = given().get("/api/model/versions");
      assertEquals("SERVING", statusOf(versions, second));
      assertEquals("RETIRED", statusOf(versions, first));
      assertEquals(first, versions.jsonPath().getString("versions.find { it.versionId == '" + second + "' }.parent"));
      Map<String, Float> metrics = versions.jsonPath().getMap("versions.find { it.versionId == '" + second
          + "' }.metrics");
      assertTrue(metrics.keySet().stream().anyMatch(k -> k.endsWith("r@1")), "held-out metrics: " + metrics);
      assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("serving.")), "serving's metrics too");
      String reason = versions.jsonPath().getString("history.find { it.versionId == '" + second
          + "' && it.status == 'PROMOTED' }.reason");
      assertTrue(reason != null && reason.contains("R@1"), "the decision says why: " + reason);
    } finally {
      stop.set(true);
      for (Thread h : hammers) {
        h.join();
      }
    }
    assertEquals(0, failures.get(), "failed lookups, first: " + firstFailure.get());
    assertTrue(answers.get() > 20, "lookups answered: " + answers.get());
    assertTrue(versionsSeen.size() >= 2, "answers named the old and then the new version: " + versionsSeen);

    // Admin: refused without the token or with a wrong one.
    given().post("/api/admin/training/pause").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    given().header("Authorization", "Bearer wrong-token-wrong-token").post("/api/admin/training/pause")
        .then().statusCode(401);
    given().header("Authorization", "Basic " + OnlineServiceProfile.TOKEN).post("/api/admin/model/rollback")
        .then().statusCode(401);
    // Pause stops the steps; resume starts them again.
    admin("/api/admin/training/pause").then().statusCode(200).body("paused", equalTo(true));
    awaitTrue(() -> "PAUSED".equals(given().get("/api/training").jsonPath().getString("state")), "paused");
    // A candidate judged just before the pause may still be swapping in: let it finish.
    awaitTrue(() -> {
      Response v = given().get("/api/model/versions");
      return v.jsonPath().getString("serving").equals(v.jsonPath().getString("target"));
    }, "no swap pending");
    long pausedAt = given().get("/api/training").jsonPath().getLong("steps");
    Thread.sleep(1500);
    assertEquals(pausedAt, given().get("/api/training").jsonPath().getLong("steps"), "no steps while paused");
    assertEquals("PAUSED", given().get("/api/training").jsonPath().getString("state"));

    // Roll back: the first version serves again (re-embedded), the rolled-back one says so.
    String rolledBack = serving();
    admin("/api/admin/model/rollback").then().statusCode(200).body("status", equalTo("PROMOTED"));
    awaitTrue(() -> !rolledBack.equals(serving()), "the rollback swap");
    String afterRollback = serving();
    Response versions = given().get("/api/model/versions");
    assertEquals("ROLLED_BACK", statusOf(versions, rolledBack));
    assertNotEquals(rolledBack, afterRollback);
    awaitTrue(() -> afterRollback.equals(given().get("/api/model").jsonPath().getString("modelVersion")),
        "the index of the rolled-back-to version answers");
    assertEquals(ITEMS, indexed());
    // Unknown versions and illegal moves are refused with a reason.
    admin("/api/admin/model/promote/v-no-such-version").then().statusCode(404);
    admin("/api/admin/model/promote/" + afterRollback).then().statusCode(409);
    admin("/api/admin/training/resume").then().statusCode(200).body("paused", equalTo(false));
    assertNull(given().get("/api/training").jsonPath().getString("error"));
  }

  private static Response admin(String path) {
    return given().header("Authorization", "Bearer " + OnlineServiceProfile.TOKEN).post(path);
  }

  private static String serving() {
    return given().get("/api/model/versions").jsonPath().getString("serving");
  }

  private static int indexed() {
    return given().get("/api/model").jsonPath().getInt("indexedItems");
  }

  private static String statusOf(Response versions, String id) {
    return versions.jsonPath().getString("versions.find { it.versionId == '" + id + "' }.status");
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }
}
