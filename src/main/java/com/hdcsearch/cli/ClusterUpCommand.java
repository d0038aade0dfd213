package com.hdcsearch.cli;

import com.hdcsearch.cluster.JavaLauncher;
import com.hdcsearch.cluster.LocalKafkaCluster;
import com.hdcsearch.cluster.LocalServiceInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hdc cluster up}: three Kafka nodes and N service instances on this machine, until Ctrl-C. The first instance
 * starts alone (it registers the cluster's first model version), the others once it is ready.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start a local Kafka cluster (separate JVMs) and service instances on it; Ctrl-C stops them all.")
public final class ClusterUpCommand implements Callable<Integer> {
  private static final Duration READY = Duration.ofMinutes(3);

  @Option(names = "--dir", defaultValue = "${sys:hdc.home:-.}/data/cluster",
      description = "data of the brokers and instances; default ./data/cluster") Path dir;
  @Option(names = "--brokers", defaultValue = "3", description = "Kafka nodes; default 3") int brokers;
  @Option(names = "--instances", defaultValue = "2", description = "service instances; default 2") int instances;
  @Option(names = "--kafka-port", defaultValue = "19092",
      description = "client port of node 1 (node i: +i-1; controllers +100); default 19092") int kafkaPort;
  @Option(names = "--http-port", defaultValue = "8081",
      description = "HTTP port of instance 1 (instance i: +i-1); default 8081") int httpPort;
  @Option(names = "--heap", defaultValue = "768m", description = "heap of each instance; default 768m") String heap;
  @Option(names = "--online", negatable = true, defaultValue = "true",
      description = "train online (one trainer for the cluster); default on") boolean online;

  @Override
  public Integer call() throws Exception {
    if (instances < 1 || brokers < 1) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--brokers and --instances must be at least 1, got: " + brokers + ", " + instances);
    }
    JavaLauncher launcher = JavaLauncher.current();
    List<LocalServiceInstance> running = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    System.out.printf("hdc cluster: starting %d Kafka nodes under %s%n", brokers, dir.toAbsolutePath());
    LocalKafkaCluster kafka = LocalKafkaCluster.start(dir.resolve("kafka"), brokers, kafkaPort, launcher,
        Duration.ofMinutes(2));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("hdc cluster: stopping the instances, then the Kafka nodes");
      for (LocalServiceInstance i : running.reversed()) {
        try {
          i.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        kafka.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped.countDown();
    }, "cluster-stop"));
    System.out.printf("hdc cluster: Kafka up, bootstrap %s (replication %d, min ISR %d)%n", kafka.bootstrapServers(),
        brokers, Math.max(1, brokers - 1));
    for (int i = 1; i <= instances; i++) {
      String name = "instance-" + i;
      LocalServiceInstance.Spec spec = new LocalServiceInstance.Spec(name, httpPort + i - 1, dir.resolve(name),
          dir.resolve("shared"), kafka.bootstrapServers(), brokers, heap,
          Map.of("hdc.online.enabled", String.valueOf(online)));
      LocalServiceInstance instance =
          LocalServiceInstance.start(launcher, spec, dir.resolve("logs").resolve(name + ".log"));
      running.add(instance);
      if (i == 1) {
        instance.awaitReady(READY);
      }
    }
    for (LocalServiceInstance instance : running) {
      instance.awaitReady(READY);
      System.out.printf("hdc cluster: %s ready at %s (log %s)%n", instance.spec().name(), instance.baseUrl(),
          instance.log());
    }
    System.out.printf("hdc cluster: produce with ./hdc produce --dataset fashion-mnist --bootstrap %s%n",
        kafka.bootstrapServers().split(",")[0]);
    System.out.println("hdc cluster: Ctrl-C stops everything (data stays under " + dir.toAbsolutePath() + ")");
    stopped.await();
    return 0;
  }
}
