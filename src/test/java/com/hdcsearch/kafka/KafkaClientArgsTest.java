package com.hdcsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientArgsTest {
  @TempDir Path tmp;

  @Test
  void entriesSplitAtTheFirstEqualsSoJaasConfigsKeepTheirs() {
    Map<String, String> settings = KafkaClientArgs.parseEntries(List.of("security.protocol=SASL_SSL",
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" "
            + "password=\"p=q\";", " client.id =shop-eu", "ssl.key.password="));
    assertEquals("SASL_SSL", settings.get("security.protocol"));
    assertTrue(settings.get("sasl.jaas.config").endsWith("password=\"p=q\";"), settings.get("sasl.jaas.config"));
    assertEquals("shop-eu", settings.get("client.id"));
    assertEquals("", settings.get("ssl.key.password"), "an empty value is a value");
  }

  @Test
  void anEntryThatIsNotKeyEqualsValueIsRefusedByName() {
    for (String bad : List.of("security.protocol", "=SSL", "  =x", "")) {
      var e = assertThrows(IllegalArgumentException.class, () -> KafkaClientArgs.parseEntries(List.of("acks=all", bad)));
      assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("KEY=VALUE"), e.getMessage());
    }
  }

  @Test
  void entriesWinOverTheFileAndBootstrapOverBoth() throws Exception {
    Path file = tmp.resolve("client.properties");
    Files.writeString(file, """
        # a Kafka client properties file, as Kafka's tools take it
        bootstrap.servers=file-broker:9093
        security.protocol=SSL
        ssl.truststore.location=/etc/kafka/truststore.p12
        client.id=from-file
        """);
    KafkaClients fromFile = KafkaClientArgs.resolve(null, file, List.of("client.id=shop-eu"));
    assertEquals("file-broker:9093", fromFile.bootstrapServers(), "the file's bootstrap.servers when no --bootstrap");
    assertEquals(Map.of("security.protocol", "SSL", "ssl.truststore.location", "/etc/kafka/truststore.p12",
        "client.id", "shop-eu"), fromFile.passthrough());
    assertEquals("shop-eu-hdc-catalog-publisher", fromFile.config("hdc-catalog-publisher").get("client.id"));

    KafkaClients explicit = KafkaClientArgs.resolve("b1:9092,b2:9092", file,
        List.of("bootstrap.servers=entry-broker:1"));
    assertEquals("b1:9092,b2:9092", explicit.bootstrapServers());
    assertEquals("b1:9092,b2:9092", explicit.config("x").get("bootstrap.servers"));
    assertEquals("entry-broker:1", KafkaClientArgs.resolve(null, file, List.of("bootstrap.servers=entry-broker:1"))
        .bootstrapServers());
  }

  @Test
  void nothingGivenIsTheLocalBrokerWithNoPassthrough() {
    KafkaClients clients = KafkaClientArgs.resolve(null, null, List.of());
    assertEquals(KafkaClientArgs.DEFAULT_BOOTSTRAP, clients.bootstrapServers());
    assertEquals(Map.of(), clients.passthrough());
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = tmp.resolve("no-such.properties");
    var e = assertThrows(IllegalArgumentException.class, () -> KafkaClientArgs.resolve(null, missing, List.of()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }
}
