package com.hdcsearch.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM: the embedded default
 * of one-machine runs, and the broker of the tests. It uses only Kafka's public server entry points (the storage
 * {@link Formatter} and {@link KafkaRaftServer}), so it behaves like {@code kafka-server-start.sh} with a one-node
 * config. A log directory that already holds data is reused with its cluster id, so the catalog survives a restart,
 * a clean one or a kill -9; an empty one is formatted for a new cluster; anything else is refused with a
 * {@link BrokenLogDirException} that says what to do.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path logDir;
  private final String clusterId;
  private final boolean restarted;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir, String clusterId,
      boolean restarted) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.logDir = logDir;
    this.clusterId = clusterId;
    this.restarted = restarted;
  }

  /**
   * Formats {@code logDir} when it is empty, starts the broker and waits until it answers.
   *
   * @param logDir where the broker keeps its logs and metadata; created if missing
   * @param port client port on localhost; 0 picks a free one
   * @throws BrokenLogDirException when {@code logDir} holds something else than this broker's data
   */
  public static EmbeddedKafkaBroker start(Path logDir, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, got: " + port);
    }
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
    }
    int clientPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Properties props = brokerProperties(logDir, clientPort, controllerPort);
    Optional<String> existing = BrokerLogDir.formattedClusterId(logDir, NODE_ID);
    String clusterId = existing.orElseGet(() -> format(logDir, NODE_ID, Uuid.randomUuid().toString()));
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    long startNanos = System.nanoTime();
    server.startup();
    String bootstrap = "localhost:" + clientPort;
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, logDir, clusterId, existing.isPresent());
    try {
      broker.awaitReady();
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    LOG.infof("Embedded Kafka broker up at %s (log dir %s, %s cluster %s) in %d ms", bootstrap, logDir,
        existing.isPresent() ? "its" : "new", clusterId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    return broker;
  }

  /**
   * The cluster id that {@code logDir} was formatted for, read without starting anything; empty when it is empty,
   * missing or holds something this broker would refuse.
   */
  public static Optional<String> formattedClusterId(Path logDir) {
    try {
      return BrokerLogDir.formattedClusterId(logDir, NODE_ID);
    } catch (RuntimeException unusable) {
      return Optional.empty();
    }
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path logDir() {
    return logDir;
  }

  /** The id of the cluster this broker forms: written when its log directory was formatted, kept ever after. */
  public String clusterId() {
    return clusterId;
  }

  /** True when this broker started on the data of an earlier run (its log directory was formatted before). */
  public boolean restarted() {
    return restarted;
  }

  /**
   * Removes the members that the named consumer groups still have from before this broker's restart: they belonged to
   * the process that ran it, which is gone, and would hold the next rebalance for a session timeout. Call it before
   * this process's own consumers join; a no-op on a new cluster.
   *
   * @return the groups whose members were removed
   */
  public List<String> removeMembersLeftBefore(Collection<String> groupIds) {
    return restarted ? StaleGroupMembers.removeAll(bootstrapServers, groupIds) : List.of();
  }

  /** Stops the broker and waits for it; safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    LOG.infof("Embedded Kafka broker at %s stopped", bootstrapServers);
  }

  static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
    p.put("listeners", "PLAINTEXT://localhost:" + clientPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    // One node: every internal topic must live with replication factor 1.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // Consumers of a single-node broker should not wait for more members to join.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created explicitly with their configs (see TopicCreator); a typo must not create one silently.
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    return p;
  }

  /**
   * Formats the empty {@code logDir} for a new cluster and returns its id. Never called on a formatted directory:
   * Kafka's formatter would compare its new id with the stored one and refuse (a restart reads the stored one).
   */
  static String format(Path logDir, int nodeId, String clusterId) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(logDir.toAbsolutePath().toString()))
          .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .run();
    } catch (Exception e) {
      throw new BrokenLogDirException(logDir, "formatting it failed (" + e.getMessage() + ")");
    }
    return clusterId;
  }

  private void awaitReady() {
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(config)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("embedded Kafka broker at " + bootstrapServers
                + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s", e);
          }
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on localhost", e);
    }
  }
}
