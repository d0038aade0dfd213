package com.hdcsearch.stream.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hdcsearch.kafka.KafkaClients;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogPublisherTest {
  @Test
  void theProducerGetsThePassthroughAClientIdAndItsOwnSettingsOnTop() {
    KafkaClients clients = new KafkaClients("b1:9093", Map.of("security.protocol", "SASL_SSL",
        "sasl.mechanism", "PLAIN", "client.id", "shop-eu", "acks", "0"));
    Map<String, Object> config = CatalogPublisher.producerConfig(clients);
    assertEquals("b1:9093", config.get("bootstrap.servers"));
    assertEquals("SASL_SSL", config.get("security.protocol"));
    assertEquals("PLAIN", config.get("sasl.mechanism"));
    assertEquals("shop-eu-" + CatalogPublisher.CLIENT_ROLE, config.get("client.id"));
    assertEquals("all", config.get("acks"), "an acknowledged record is one every in-sync replica has");
  }
}
