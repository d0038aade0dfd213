package com.hdcsearch.cli;

import com.hdcsearch.kafka.ClusterBrokerNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdc cluster broker}: one Kafka node of a local cluster, until stopped; {@code cluster up} starts these. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "One KRaft node (broker and controller) of a multi-node cluster; normally started by 'cluster up'.")
public final class ClusterBrokerCommand implements Callable<Integer> {
  @Option(names = "--node-id", required = true, description = "node id, 1 and up") int nodeId;
  @Option(names = "--dir", required = true, description = "the node's log directory") Path dir;
  @Option(names = "--port", required = true, description = "client port on localhost") int port;
  @Option(names = "--controller-port", required = true, description = "quorum port on localhost") int controllerPort;
  @Option(names = "--voters", required = true, description = "controller.quorum.voters: id@host:port,...")
  String voters;
  @Option(names = "--cluster-id", required = true, description = "the cluster's id (formats an empty dir)")
  String clusterId;
  @Option(names = "--replicas", defaultValue = "3", description = "replication factor (min ISR one less); default 3")
  int replicas;

  @Override
  public Integer call() {
    ClusterBrokerNode node = ClusterBrokerNode.start(
        new ClusterBrokerNode.NodeAddress(nodeId, port, controllerPort), dir, voters, clusterId, replicas);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "kafka-node-stop"));
    node.awaitShutdown();
    return 0;
  }
}
