package com.hdcsearch.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hdcsearch.kafka.KafkaClients;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hdc dlq}'s reader and replayer take the client passthrough, with their own settings on top. */
class DeadLetterClientsTest {
  private final KafkaClients clients = new KafkaClients("b1:9093", Map.of("security.protocol", "SSL",
      "ssl.truststore.location", "/etc/kafka/ts.p12", "client.id", "ops"));

  @Test
  void theReaderIsAConsumerThatCommitsNothing() {
    Map<String, Object> config = DeadLetterLog.consumerConfig(clients);
    assertEquals("SSL", config.get("security.protocol"));
    assertEquals("/etc/kafka/ts.p12", config.get("ssl.truststore.location"));
    assertEquals("ops-" + DeadLetterLog.CLIENT_ROLE, config.get("client.id"));
    assertEquals(false, config.get("enable.auto.commit"));
  }

  @Test
  void theReplayerIsAnIdempotentProducer() {
    Map<String, Object> config = DeadLetterReplayer.producerConfig(clients);
    assertEquals("b1:9093", config.get("bootstrap.servers"));
    assertEquals("SSL", config.get("security.protocol"));
    assertEquals("ops-" + DeadLetterReplayer.CLIENT_ROLE, config.get("client.id"));
    assertEquals(true, config.get("enable.idempotence"));
  }
}
