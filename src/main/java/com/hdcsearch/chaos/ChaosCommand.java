package com.hdcsearch.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdc bench chaos}: the crash campaign. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = "Kill -9 the service (a child process with its embedded broker) at seeded moments of ingest, "
        + "embedding, index commits, training and swaps while a catalog streams; after each restart check the "
        + "served catalog against the producer's log. With --cluster: 3 broker JVMs and 2 instances, each cycle "
        + "kills an instance (in a phase) or a broker (mid-ingest), and every live instance is checked and compared "
        + "with the other. Last line: chaos cycles=.. lost=.. duplicated=.. stale=.. max_recovery_s=.. "
        + "[target=cluster]")
public final class ChaosCommand implements Callable<Integer> {
  @Option(names = "--cycles", defaultValue = "20", description = "Kills and restarts (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(names = "--seed", defaultValue = "1", description = "Phases, moments and changes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--phases", defaultValue = "mid-ingest,embed-batch,index-commit,training,swap",
      description = "Phases drawn from (default: ${DEFAULT-VALUE}).")
  String phases;

  @Option(names = "--initial", defaultValue = "200", description = "Items streamed before the first cycle (default: ${DEFAULT-VALUE}).")
  int initial;

  @Option(names = "--rate", defaultValue = "15", description = "Records per second while a cycle streams (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--phase-timeout-s", defaultValue = "120", description = "Longest wait for a phase (default: ${DEFAULT-VALUE}).")
  int phaseTimeoutSeconds;

  @Option(names = "--converge-timeout-s", defaultValue = "300", description = "Longest wait after a restart for the catalog to match (default: ${DEFAULT-VALUE}).")
  int convergeTimeoutSeconds;

  @Option(names = "--hold-ms", defaultValue = "200", description = "The service's hdc.stream.phase-hold (default: ${DEFAULT-VALUE}).")
  long holdMillis;

  @Option(names = "--service", description = "A -D setting for the child service, key=value (repeatable).")
  Map<String, String> service = new LinkedHashMap<>();

  @Option(names = "--jar", defaultValue = "target/quarkus-app/quarkus-run.jar", description = "The packaged service (default: ${DEFAULT-VALUE}).")
  Path jar;

  @Option(names = "--home", description = "The service's home (default: a new temporary directory).")
  Path home;

  @Option(names = "--keep-home", description = "Keep the service's home (logs, producer log, data) at the end.")
  boolean keepHome;

  @Option(names = "--cluster", description = "Against a local cluster: Kafka broker JVMs and service instances; "
      + "brokers are killed too.")
  boolean cluster;

  @Option(names = "--brokers", defaultValue = "" + ClusterChaosOptions.DEFAULT_BROKERS,
      description = "With --cluster: Kafka nodes (default: ${DEFAULT-VALUE}).")
  int brokers;

  @Option(names = "--instances", defaultValue = "" + ClusterChaosOptions.DEFAULT_INSTANCES,
      description = "With --cluster: service instances (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--instance-heap", defaultValue = ClusterChaosOptions.DEFAULT_HEAP,
      description = "With --cluster: each instance's heap (default: ${DEFAULT-VALUE}).")
  String instanceHeap;

  @Option(names = "--broker-down-s", defaultValue = "15",
      description = "With --cluster: how long a killed broker stays down while ingest goes on (default: "
          + "${DEFAULT-VALUE}).")
  int brokerDownSeconds;

  @Override
  public Integer call() throws Exception {
    List<CrashPhase> list = Arrays.stream(phases.split(",")).map(CrashPhase::of).toList();
    ChaosOptions options = new ChaosOptions(cycles, seed, list, initial, rate, Duration.ofSeconds(phaseTimeoutSeconds),
        Duration.ofSeconds(convergeTimeoutSeconds), Duration.ofMillis(holdMillis), service, jar, home, keepHome);
    if (cluster) {
      ChaosResult<ClusterCycle> r = new ClusterChaosBench(new ClusterChaosOptions(options, brokers, instances,
          instanceHeap, Duration.ofSeconds(brokerDownSeconds))).run();
      long disagreed = r.cycles().stream().filter(c -> !c.agree()).count();
      return r.lost() + r.duplicated() + r.stale() + disagreed == 0 ? 0 : 1;
    }
    ChaosResult<?> r = new ChaosBench(options).run();
    return r.lost() + r.duplicated() + r.stale() == 0 ? 0 : 1;
  }
}
