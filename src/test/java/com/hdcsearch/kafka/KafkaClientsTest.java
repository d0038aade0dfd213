package com.hdcsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  @Test
  void passthroughTakesKafkaKeysAndTheirEnvironmentFormWithTheDottedKeyWinning() {
    Map<String, String> passthrough = KafkaClients.passthroughOf(Map.of(
        "kafka.security.protocol", "SASL_SSL",
        "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",
        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
        "hdc.kafka.partitions", "8",
        "quarkus.http.port", "8080"));
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
        "ssl.truststore.location", "/etc/kafka/truststore.p12"), passthrough);
  }

  @Test
  void everyClientConfigHasTheBootstrapThePassthroughAndItsOwnClientId() {
    KafkaClients clients = new KafkaClients("b1:9093,b2:9093", Map.of("security.protocol", "SSL",
        "client.id", "shop-eu", "bootstrap.servers", "ignored:1"));
    Map<String, Object> config = clients.config("hdc-index-updater");
    assertEquals("b1:9093,b2:9093", config.get("bootstrap.servers"));
    assertEquals("SSL", config.get("security.protocol"));
    assertEquals("shop-eu-hdc-index-updater", config.get("client.id"));
    assertEquals("hdc-serving", KafkaClients.of("b:1").config("hdc-serving").get("client.id"));
    assertEquals("SSL", clients.streamsConfig("hdc-serving").get("security.protocol"));
    // Each call is a fresh map: one client's settings never leak into another's.
    config.put("group.id", "x");
    assertFalse(clients.config("other").containsKey("group.id"));
  }

  @Test
  void toStringShowsKeysNotSecrets() {
    KafkaClients clients = new KafkaClients("b:1", Map.of("sasl.jaas.config", "password=\"hunter2\""));
    assertFalse(clients.toString().contains("hunter2"), clients.toString());
    assertTrue(clients.toString().contains("sasl.jaas.config"));
  }

  @Test
  void blankBootstrapIsRefusedWithItsValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> KafkaClients.of(" "));
    assertTrue(e.getMessage().contains("bootstrap"), e.getMessage());
  }

  @Test
  void replicationIsCheckedAgainstItsFactor() {
    assertEquals(3, new Replication((short) 3, Optional.of(2)).factor());
    assertThrows(IllegalArgumentException.class, () -> new Replication((short) 0, Optional.empty()));
    var e = assertThrows(IllegalArgumentException.class, () -> new Replication((short) 2, Optional.of(3)));
    assertTrue(e.getMessage().contains("min-insync-replicas"), e.getMessage());
    assertEquals(Optional.empty(), Replication.brokerDefaults().minInsyncReplicas());
  }
}
