package com.hdcsearch.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jboss.logging.Logger;

/**
 * Removes the consumer group members that an embedded broker remembers from before its restart. The broker ran inside
 * the process that is now gone, so after a kill -9 its members (the Kafka Streams threads of that process) are dead
 * but still registered; the restarted service's rebalance would wait a whole session timeout (45 s) for them. A clean
 * stop leaves no members (Streams leaves the group on close), so there this finds nothing.
 */
final class StaleGroupMembers {
  private static final Logger LOG = Logger.getLogger(StaleGroupMembers.class);
  private static final long TIMEOUT_SECONDS = 30;

  private StaleGroupMembers() {}

  /**
   * Removes every member of the named groups; best effort: a failure is logged, and the members then expire by
   * themselves. Groups are named rather than listed: right after a restart the coordinator may not have loaded them
   * yet, and a listing would silently miss them, while a describe of a named group waits for the load.
   *
   * @return the groups whose members were removed
   */
  static List<String> removeAll(String bootstrapServers, Collection<String> groupIds) {
    List<String> cleared = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (String group : groupIds) {
        if (memberCount(admin, group) == 0) {
          continue;
        }
        // No members named: all of them (KIP-571).
        admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
            .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        cleared.add(group);
      }
    } catch (ExecutionException | TimeoutException e) {
      LOG.warnf("Could not remove the members that groups %s had before the broker restarted (%s); they expire "
          + "after their session timeout", groupIds, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!cleared.isEmpty()) {
      LOG.infof("Removed the members that consumer groups %s had before this broker restarted (a stop that did not "
          + "leave the group, e.g. kill -9)", cleared);
    }
    return cleared;
  }

  private static int memberCount(Admin admin, String group)
      throws ExecutionException, TimeoutException, InterruptedException {
    try {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(group);
      return d.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw e;
    }
  }
}
