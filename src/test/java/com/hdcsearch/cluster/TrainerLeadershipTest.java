package com.hdcsearch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.kafka.EmbeddedKafkaBroker;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.TopicCreator;
import com.hdcsearch.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's election on a real broker: of two instances exactly one leads; when it stops, the other is elected,
 * and only after the first has stopped training (the hand-over's fence). The operator's client settings reach the
 * election's consumer (its client id, as the broker sees it).
 */
class TrainerLeadershipTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir static Path tmp;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
    TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(1));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void exactlyOneLeadsAndTheOtherTakesOverAfterTheFirstStopped() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    KafkaClients clients = new KafkaClients(broker.bootstrapServers(), Map.of("client.id", "acme"));
    String group = "leadership-test";
    TrainerLeadership first = contender(clients, group, "first", events);
    TrainerLeadership second = contender(clients, group, "second", events);
    try {
      first.start();
      await(first::leader, "the first contender elected");
      second.start();
      await(() -> members(group) == 2, "both contenders in the group");
      assertTrue(first.leader());
      assertTrue(!second.leader(), "two leaders");
      try (Admin admin = Admin.create(clients.config("test-admin"))) {
        for (MemberDescription m : admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
            .get(group).members()) {
          assertEquals("acme-hdc-trainer-leadership", m.clientId());
        }
      }

      first.close();
      await(second::leader, "the second contender elected after the first left");
      assertEquals(List.of("first elected", "first deposed", "second elected"), events);
    } finally {
      first.close();
      second.close();
    }
    assertEquals(List.of("first elected", "first deposed", "second elected", "second deposed"), events);
  }

  private static TrainerLeadership contender(KafkaClients clients, String group, String name, List<String> events) {
    return new TrainerLeadership(clients, group, Duration.ofSeconds(6), new TrainerLeadership.Listener() {
      @Override
      public void elected() {
        events.add(name + " elected");
      }

      @Override
      public void deposed() {
        events.add(name + " deposed");
      }
    });
  }

  private static int members(String group) {
    try (Admin admin = Admin.create(KafkaClients.of(broker.bootstrapServers()).config("test-admin"))) {
      return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members().size();
    } catch (Exception e) {
      return 0;
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }
}
