package com.hdcsearch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.jboss.logging.Logger;

/**
 * One node of a multi-broker KRaft cluster (combined broker and controller), meant to run in a JVM of its own: the
 * node behind {@code hdc cluster broker}, which {@link LocalKafkaCluster} starts three times. Unlike the embedded
 * broker it replicates: every internal topic has three replicas and writes need two in sync, so that a node can die
 * (kill -9) with nothing acknowledged lost. Its log directory is formatted with the cluster's id when empty, and reused
 * as it is otherwise.
 */
public final class ClusterBrokerNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterBrokerNode.class);
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  /**
   * Where one node listens.
   *
   * @param nodeId the node's id in the quorum, 1 and up
   * @param clientPort PLAINTEXT port on localhost
   * @param controllerPort the quorum's port on localhost
   */
  public record NodeAddress(int nodeId, int clientPort, int controllerPort) {
    public NodeAddress {
      if (nodeId < 1) {
        throw new IllegalArgumentException("node id must be at least 1, got: " + nodeId);
      }
      checkPort(clientPort, "client");
      checkPort(controllerPort, "controller");
    }

    private static void checkPort(int port, String what) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(what + " port must be in 1..65535, got: " + port);
      }
    }

    /** {@code id@localhost:port}, an entry of {@code controller.quorum.voters}. */
    public String voter() {
      return nodeId + "@localhost:" + controllerPort;
    }
  }

  private final KafkaRaftServer server;
  private final NodeAddress address;

  private ClusterBrokerNode(KafkaRaftServer server, NodeAddress address) {
    this.server = server;
    this.address = address;
  }

  /**
   * Formats {@code logDir} for {@code clusterId} when it is empty and starts the node (it does not wait for the
   * quorum: the other nodes may not be up yet).
   *
   * @param voters {@code controller.quorum.voters}: every node's {@link NodeAddress#voter()}, comma-separated
   * @param replicas how many nodes the cluster has: the replication factor of internal and default topics
   * @throws BrokenLogDirException when {@code logDir} holds another node's or another cluster's data
   */
  public static ClusterBrokerNode start(NodeAddress address, Path logDir, String voters, String clusterId,
      int replicas) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
    }
    Optional<String> existing = BrokerLogDir.formattedClusterId(logDir, address.nodeId());
    if (existing.isPresent() && !existing.get().equals(clusterId)) {
      throw new BrokenLogDirException(logDir, "it belongs to cluster " + existing.get() + ", not " + clusterId);
    }
    if (existing.isEmpty()) {
      EmbeddedKafkaBroker.format(logDir, address.nodeId(), clusterId);
    }
    Properties props = properties(address, logDir, voters, replicas);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    LOG.infof("Kafka node %d of cluster %s up at localhost:%d (controller port %d, log dir %s, %s)", address.nodeId(),
        clusterId, address.clientPort(), address.controllerPort(), logDir, existing.isPresent() ? "restarted" : "new");
    return new ClusterBrokerNode(server, address);
  }

  static Properties properties(NodeAddress address, Path logDir, String voters, int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1, got: " + replicas);
    }
    String minIsr = String.valueOf(Math.max(1, replicas - 1));
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(address.nodeId()));
    p.put("controller.quorum.voters", voters);
    p.put("listeners", "PLAINTEXT://localhost:" + address.clientPort() + "," + CONTROLLER_LISTENER + "://localhost:"
        + address.controllerPort());
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + address.clientPort());
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    // Every topic, internal ones included, on all nodes and acknowledged by all but one: one node may die.
    p.put("default.replication.factor", String.valueOf(replicas));
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", String.valueOf(replicas));
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", String.valueOf(replicas));
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas));
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    // A replica that was out of sync never becomes leader: that would drop acknowledged writes.
    p.put("unclean.leader.election.enable", "false");
    // A local cluster's groups (instances, the trainer's election) should not wait for more members to join.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    return p;
  }

  public NodeAddress address() {
    return address;
  }

  /** Blocks until the node has shut down (a SIGTERM's hook calls {@link #close()}). */
  public void awaitShutdown() {
    server.awaitShutdown();
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.infof("Kafka node %d stopped", address.nodeId());
  }
}
