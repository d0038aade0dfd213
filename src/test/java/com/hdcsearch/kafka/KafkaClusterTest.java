package com.hdcsearch.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With an external bootstrap configured, the service starts no broker, uses that cluster and creates its topics. */
@Tag("quarkus")
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class KafkaClusterTest {
  @Inject KafkaCluster cluster;

  @Test
  void externalBootstrapStartsNoBroker() throws Exception {
    assertTrue(cluster.embeddedBroker().isEmpty(), "an embedded broker was started despite kafka.bootstrap.servers");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      assertTrue(names.containsAll(Set.of(Topics.CATALOG_IMAGES, Topics.CATALOG_IMAGES_DLQ, Topics.CATALOG_EMBEDDINGS,
          Topics.MODEL_VERSIONS)), names.toString());
      assertEquals(4, admin.describeTopics(Set.of(Topics.CATALOG_IMAGES)).allTopicNames().get(10, TimeUnit.SECONDS)
          .get(Topics.CATALOG_IMAGES).partitions().size());
    }
  }

  @Test
  void healthIsUp() {
    given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }
}
