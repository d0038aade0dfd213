package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.stream.bench.BenchFreshnessCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Kafka options of the commands outside the service: {@code hdc produce}, {@code hdc dlq} and
 * {@code hdc bench freshness} take the same passthrough as the service, and a wrong entry is a usage error that names
 * it before any broker or data set is touched.
 */
class KafkaOptionsTest {
  @TempDir Path tmp;

  @Test
  void produceTakesRepeatedSettingsAndAFile() throws Exception {
    Path file = tmp.resolve("client.properties");
    Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/etc/kafka/ts.p12\n");
    ProduceCommand produce = new ProduceCommand();
    new CommandLine(produce).parseArgs("--dataset", "fashion-mnist", "--bootstrap", "b1:9093",
        "--kafka-config", file.toString(), "--kafka", "client.id=shop-eu", "--kafka", "security.protocol=SASL_SSL",
        "--kafka", "sasl.mechanism=SCRAM-SHA-512");
    KafkaClients clients = produce.kafka.clients();
    assertEquals("b1:9093", clients.bootstrapServers());
    assertEquals(Map.of("security.protocol", "SASL_SSL", "ssl.truststore.location", "/etc/kafka/ts.p12",
        "client.id", "shop-eu", "sasl.mechanism", "SCRAM-SHA-512"), clients.passthrough());
  }

  @Test
  void withoutOptionsItIsTheLocalBroker() {
    ProduceCommand produce = new ProduceCommand();
    new CommandLine(produce).parseArgs("--dataset", "fashion-mnist");
    assertEquals("localhost:9092", produce.kafka.clients().bootstrapServers());
  }

  @Test
  void aMalformedEntryIsAUsageErrorNamingItOnEveryCommand() {
    for (String[] command : new String[][] {
        {"produce", "--dataset", "fashion-mnist"}, {"dlq", "inspect"}, {"dlq", "replay", "--all"},
        {"bench", "freshness"}}) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
          java.util.stream.Stream.of("--kafka", "acks=all", "--kafka", "securityprotocolSSL")).toArray(String[]::new);
      DlqCommandTest.Run run = DlqCommandTest.hdc(args);
      assertEquals(2, run.exit(), String.join(" ", args) + ": " + run.err());
      assertTrue(run.err().contains("'securityprotocolSSL'") && run.err().contains("KEY=VALUE"),
          String.join(" ", args) + ": " + run.err());
    }
  }

  @Test
  void aMissingSettingsFileIsAUsageErrorNamingIt() {
    Path missing = tmp.resolve("absent.properties");
    DlqCommandTest.Run run = DlqCommandTest.hdc("produce", "--dataset", "fashion-mnist", "--kafka-config",
        missing.toString());
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains(missing.toString()), run.err());
  }

  @Test
  void benchFreshnessHasTheSameOptions() {
    BenchFreshnessCommand bench = new BenchFreshnessCommand();
    CommandLine cli = new CommandLine(bench);
    cli.parseArgs("--kafka", "client.id=bench");
    assertTrue(cli.getCommandSpec().findOption("--kafka-config") != null);
    assertTrue(cli.getCommandSpec().findOption("--bootstrap") != null);
  }
}
