package com.hdcsearch.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/** Creates missing topics with their specs; existing topics are left as they are (their configs are the operator's). */
public final class TopicCreator {
  private static final Logger LOG = Logger.getLogger(TopicCreator.class);
  private static final long TIMEOUT_SECONDS = 30;
  private static final long LEADER_POLL_MILLIS = 50;

  private TopicCreator() {}

  /**
   * Waits until every partition of {@code topics} has a leader. A producer that writes to a partition still without
   * one gets NOT_LEADER_OR_FOLLOWER and retries its first batch while later in-flight batches may already land; an
   * idempotent producer then retries that first batch as out of order, without end (seen in a test on a loaded
   * machine: 150 records never arrived). Returning only once leaders serve keeps the first writes in order.
   */
  private static void awaitLeaders(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      boolean ready;
      try {
        var descriptions = admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ready = descriptions.values().stream().flatMap(d -> d.partitions().stream())
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty() && !p.isr().isEmpty());
      } catch (ExecutionException e) {
        // Just created: the broker that answers may not know the topic yet.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        ready = false;
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " have no leader after " + TIMEOUT_SECONDS + " s");
      }
      Thread.sleep(LEADER_POLL_MILLIS);
    }
  }

  /** Creates each topic of {@code specs} that does not exist yet; returns the names it created. */
  public static List<String> createMissing(String bootstrapServers, List<TopicSpec> specs) {
    return createMissing(KafkaClients.of(bootstrapServers), specs, Replication.brokerDefaults());
  }

  /** As above, on the cluster of {@code clients}, each topic replicated as {@code replication} says. */
  public static List<String> createMissing(KafkaClients clients, List<TopicSpec> specs, Replication replication) {
    String bootstrapServers = clients.bootstrapServers();
    try (Admin admin = Admin.create(clients.config("hdc-topic-creator"))) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> toCreate = new ArrayList<>();
      for (TopicSpec spec : specs) {
        if (!existing.contains(spec.name())) {
          Map<String, String> configs = new HashMap<>(spec.configs());
          replication.minInsyncReplicas()
              .ifPresent(n -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(n)));
          toCreate.add(new NewTopic(spec.name(), spec.partitions(), replication.factor()).configs(configs));
        }
      }
      List<String> created = new ArrayList<>();
      for (var entry : admin.createTopics(toCreate).values().entrySet()) {
        try {
          entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          // Another instance created it between our list and create: that is fine.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      if (!created.isEmpty()) {
        awaitLeaders(admin, created);
        LOG.infof("Created topics %s on %s", created, bootstrapServers);
      }
      return created;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
