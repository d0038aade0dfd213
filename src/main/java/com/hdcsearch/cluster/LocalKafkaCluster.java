package com.hdcsearch.cluster;

import com.hdcsearch.kafka.ClusterBrokerNode.NodeAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

/**
 * A real multi-broker Kafka cluster on one machine: one {@code hdc cluster broker} JVM per node (KRaft, each node a
 * broker and a controller), on real localhost ports, every topic replicated on all nodes with
 * {@code min.insync.replicas} one less. Its data lives under one directory ({@code node-N/}, the cluster id in
 * {@code cluster-id}, each node's output in {@code logs/}) and survives a restart. Nodes can be killed (kill -9) and
 * started again, to show what a broker failure does.
 */
public final class LocalKafkaCluster implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalKafkaCluster.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  /** A node is a small JVM: it holds the page cache's index, not the data. */
  private static final String NODE_HEAP = "-Xmx320m";

  private final Path dir;
  private final JavaLauncher launcher;
  private final String clusterId;
  private final List<NodeAddress> nodes;
  private final Process[] processes;

  private LocalKafkaCluster(Path dir, JavaLauncher launcher, String clusterId, List<NodeAddress> nodes) {
    this.dir = dir;
    this.launcher = launcher;
    this.clusterId = clusterId;
    this.nodes = List.copyOf(nodes);
    this.processes = new Process[nodes.size()];
  }

  /**
   * Starts {@code size} nodes and waits until all of them are in the cluster.
   *
   * @param firstPort the first node's client port; node i listens on {@code firstPort + i - 1} and its controller on
   *     {@code firstPort + 100 + i - 1}; 0 picks free ports
   */
  public static LocalKafkaCluster start(Path dir, int size, int firstPort, JavaLauncher launcher, Duration timeout)
      throws IOException, InterruptedException {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least 1 node, got: " + size);
    }
    Files.createDirectories(dir.resolve("logs"));
    Path idFile = dir.resolve("cluster-id");
    String clusterId;
    if (Files.isRegularFile(idFile)) {
      clusterId = Files.readString(idFile, StandardCharsets.UTF_8).trim();
    } else {
      clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
      Files.writeString(idFile, clusterId + "\n", StandardCharsets.UTF_8);
    }
    List<NodeAddress> nodes = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      nodes.add(firstPort == 0 ? new NodeAddress(i, freePort(), freePort())
          : new NodeAddress(i, firstPort + i - 1, firstPort + 100 + i - 1));
    }
    LocalKafkaCluster cluster = new LocalKafkaCluster(dir.toAbsolutePath(), launcher, clusterId, nodes);
    try {
      for (NodeAddress node : nodes) {
        cluster.startNode(node.nodeId());
      }
      cluster.awaitNodes(size, timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.infof("Local Kafka cluster %s up: %d nodes at %s", clusterId, size, cluster.bootstrapServers());
    return cluster;
  }

  /** Every node's client address, comma-separated. */
  public String bootstrapServers() {
    return nodes.stream().map(n -> "localhost:" + n.clientPort()).collect(Collectors.joining(","));
  }

  public String clusterId() {
    return clusterId;
  }

  public List<NodeAddress> nodes() {
    return nodes;
  }

  /** The output of node {@code nodeId}. */
  public Path log(int nodeId) {
    return dir.resolve("logs").resolve("broker-" + nodeId + ".log");
  }

  /** Starts node {@code nodeId} (again: after a kill it comes back on its data). */
  public synchronized void startNode(int nodeId) throws IOException {
    NodeAddress node = node(nodeId);
    if (processes[nodeId - 1] != null && processes[nodeId - 1].isAlive()) {
      throw new IllegalStateException("Kafka node " + nodeId + " is running already");
    }
    String voters = nodes.stream().map(NodeAddress::voter).collect(Collectors.joining(","));
    List<String> command = launcher.command(List.of(NODE_HEAP), List.of("cluster", "broker",
        "--node-id", String.valueOf(nodeId), "--dir", dir.resolve("node-" + nodeId).toString(),
        "--port", String.valueOf(node.clientPort()), "--controller-port", String.valueOf(node.controllerPort()),
        "--voters", voters, "--cluster-id", clusterId, "--replicas", String.valueOf(nodes.size())));
    processes[nodeId - 1] = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log(nodeId).toFile())).start();
  }

  /** kill -9 of node {@code nodeId}: nothing is flushed, its clients see the connection drop. */
  public synchronized void kill(int nodeId) throws InterruptedException {
    Process p = processes[nodeId - 1];
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** True while node {@code nodeId}'s process runs. */
  public synchronized boolean alive(int nodeId) {
    Process p = processes[nodeId - 1];
    return p != null && p.isAlive();
  }

  /** Waits until {@code count} nodes are registered brokers of the cluster. */
  public void awaitNodes(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    String last = "no answer";
    // Ports first: an admin client asking nodes that are still booting logs a warning every few ms.
    while (System.nanoTime() < deadline
        && nodes.stream().anyMatch(n -> alive(n.nodeId()) && !listening(n.clientPort()))) {
      checkExits();
      Thread.sleep(200);
    }
    try (Admin admin = Admin.create(config)) {
      while (System.nanoTime() < deadline) {
        checkExits();
        try {
          int n = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
          if (n >= count) {
            return;
          }
          last = n + " nodes";
        } catch (ExecutionException | TimeoutException e) {
          last = e.getMessage();
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the local Kafka cluster did not have " + count + " nodes within "
        + timeout.toSeconds() + " s (last: " + last + "); see " + dir.resolve("logs"));
  }

  /** Fails when a node that was started has exited on its own (not killed). */
  private synchronized void checkExits() {
    for (int i = 1; i <= nodes.size(); i++) {
      Process p = processes[i - 1];
      if (p != null && !p.isAlive() && p.exitValue() != 0 && p.exitValue() != 137) {
        throw new IllegalStateException("Kafka node " + i + " exited with " + p.exitValue() + "; see " + log(i));
      }
    }
  }

  private static boolean listening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private NodeAddress node(int nodeId) {
    if (nodeId < 1 || nodeId > nodes.size()) {
      throw new IllegalArgumentException("node id must be in 1.." + nodes.size() + ", got: " + nodeId);
    }
    return nodes.get(nodeId - 1);
  }

  /** Stops every node (SIGTERM: a clean shutdown), the last one forcibly if it hangs. */
  @Override
  public synchronized void close() throws InterruptedException {
    for (Process p : processes) {
      if (p != null && p.isAlive()) {
        p.destroy();
      }
    }
    for (Process p : processes) {
      if (p != null && !p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on localhost", e);
    }
  }
}
