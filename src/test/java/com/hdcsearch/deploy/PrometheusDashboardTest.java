package com.hdcsearch.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.kafka.KafkaTestResource;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.online.OnlineServiceProfile;
import com.hdcsearch.stream.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard against a real Prometheus: the service learns online from a real broker while lookups of both
 * kinds run and new items keep arriving; Debian's Prometheus scrapes its {@code /q/metrics}, and every query of every
 * panel of {@code deploy/grafana/dashboards/hdc.json} (Grafana's variables replaced as Grafana would with "All")
 * returns at least one series with a finite value. The test shares its app with {@code OnlineServiceTest} (same
 * profile, one boot) and deletes every item it added before it ends, so that test's counts hold in either order.
 */
@Tag("quarkus-online")
@QuarkusTest
@TestProfile(OnlineServiceProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class PrometheusDashboardTest {
  private static final Path DASHBOARD = Path.of("deploy", "grafana", "dashboards", "hdc.json");
  private static final int ITEMS = 120;
  private static final long TIMEOUT_MS = 240_000;
  /** What Grafana puts for the dashboard's variables: every instance, and a rate window of several scrapes. */
  private static final Map<String, String> VARIABLES = Map.of("$instance", ".*", "$__rate_interval", "20s");
  private static final Pattern VARIABLE = Pattern.compile("\\$[A-Za-z_]+");
  private static final Duration SCRAPE = Duration.ofSeconds(1);

  @Inject KafkaCluster kafka;

  @Test
  void everyPanelQueryReturnsData(@TempDir Path tmp) throws Exception {
    Map<String, String> queries = panelQueries();
    assertTrue(queries.size() >= 12, "panels: " + queries.keySet());
    for (String metric : List.of("hdc_ingest_records_in_total", "hdc_ingest_records_deadlettered_total",
        "hdc_freshness_produce_to_searchable_seconds_bucket", "hdc_search_latency_seconds_bucket",
        "hdc_search_latency_seconds_count", "hdc_index_size", "kafka_consumer_fetch_manager_records_lag",
        "hdc_online_level_loss", "hdc_online_level_hard_share", "hdc_online_heldout_r1", "hdc_online_promotions")) {
      assertTrue(queries.values().stream().anyMatch(q -> q.contains(metric)), "no panel reads " + metric);
    }

    awaitTrue(() -> given().get("/q/health/ready").statusCode() == 200, "ready");
    int before = indexed();
    Set<String> added = ConcurrentHashMap.newKeySet();
    List<TestImages.Item> images = TestImages.fashionMnist(ITEMS);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < ITEMS; i++) {
        producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, "prom-" + i,
            TestImages.catalogImage("prom-" + i, images.get(i).label(), images.get(i).png())));
        added.add("prom-" + i);
      }
      // Not Avro: a dead letter with reason BAD_SCHEMA.
      producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, "prom-bad", "not avro".getBytes(
          StandardCharsets.UTF_8)));
      producer.flush();
      awaitTrue(() -> given().get("/api/items/prom-" + (ITEMS - 1)).statusCode() == 200, "catalog indexed");
      awaitTrue(() -> !given().get("/api/training").jsonPath().getList("decisions").isEmpty(),
          "a held-out gate decision");

      // Traffic while Prometheus scrapes: lookups of both kinds and a new item every few lookups.
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger failed = new AtomicInteger();
      Thread traffic = new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          int i = n % ITEMS;
          if (given().get("/api/items/prom-" + i + "/similar?k=5").statusCode() != 200) {
            failed.incrementAndGet();
          }
          if (n % 4 == 0 && given().contentType("image/png").body(images.get(i).png()).post("/api/search?k=5")
              .statusCode() != 200) {
            failed.incrementAndGet();
          }
          if (n % 10 == 0) {
            producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, "prom-live-" + n,
                TestImages.catalogImage("prom-live-" + n, images.get(i).label(), images.get(i).png())));
            added.add("prom-live-" + n);
          }
          sleep(20);
        }
      }, "prometheus-test-traffic");
      traffic.start();
      Map<String, String> noData = new LinkedHashMap<>();
      try (PrometheusProcess prometheus = PrometheusProcess.start(tmp, "127.0.0.1:" + RestAssured.port,
          "/q/metrics", SCRAPE)) {
        awaitTrue(() -> health(prometheus).contains("up"), "Prometheus scrapes the service");
        // Enough scrapes for every rate window, and for Kafka's metrics to be bound (hdc.metrics.kafka-refresh).
        long deadline = System.currentTimeMillis() + 60_000;
        Thread.sleep(12_000);
        do {
          noData.clear();
          for (var q : queries.entrySet()) {
            JsonNode result = prometheus.query(q.getValue());
            if (!hasFiniteValue(result)) {
              noData.put(q.getKey(), q.getValue() + " -> " + result);
            }
          }
          if (!noData.isEmpty()) {
            Thread.sleep(2_000);
          }
        } while (!noData.isEmpty() && System.currentTimeMillis() < deadline);
        for (var q : queries.entrySet()) {
          System.out.printf("panel query %s: %s%n", q.getKey(), prometheus.query(q.getValue()));
        }
      } finally {
        stop.set(true);
        traffic.join();
        // Tombstones: the catalog (and the index) as it was before this test.
        for (String id : added) {
          producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, id, null));
        }
        producer.flush();
        awaitTrue(() -> indexed() == before, "the items this test added deleted again");
      }
      assertEquals(Map.of(), noData, "panel queries without data");
      assertEquals(0, failed.get(), "failed lookups");
    }
  }

  /** Every target's query of every panel, keyed "panel title / refId", Grafana's variables replaced. */
  private static Map<String, String> panelQueries() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        for (var v : VARIABLES.entrySet()) {
          expr = expr.replace(v.getKey(), v.getValue());
        }
        Matcher left = VARIABLE.matcher(expr);
        assertTrue(!left.find(), "panel " + panel.path("title").asText() + " uses a variable the test does not know: "
            + expr);
        out.put(panel.path("title").asText() + " / " + target.path("refId").asText(), expr);
      }
    }
    return out;
  }

  private static int indexed() {
    return given().get("/api/model").jsonPath().getInt("indexedItems");
  }

  private static boolean hasFiniteValue(JsonNode result) {
    for (JsonNode series : result) {
      String v = series.path("value").path(1).asText("NaN");
      try {
        if (Double.isFinite(Double.parseDouble(v))) {
          return true;
        }
      } catch (NumberFormatException notANumber) {
        // "+Inf", "NaN"
      }
    }
    return false;
  }

  private static List<String> health(PrometheusProcess p) {
    try {
      return new ArrayList<>(p.targetHealth());
    } catch (Exception e) {
      return List.of();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
