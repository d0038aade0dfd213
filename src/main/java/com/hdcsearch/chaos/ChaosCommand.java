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
        + "served catalog against the producer's log. Last line: chaos cycles=.. lost=.. duplicated=.. stale=.. "
        + "max_recovery_s=..")
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

  @Override
  public Integer call() throws Exception {
    List<CrashPhase> list = Arrays.stream(phases.split(",")).map(CrashPhase::of).toList();
    ChaosOptions options = new ChaosOptions(cycles, seed, list, initial, rate, Duration.ofSeconds(phaseTimeoutSeconds),
        Duration.ofSeconds(convergeTimeoutSeconds), Duration.ofMillis(holdMillis), service, jar, home, keepHome);
    ChaosResult r = new ChaosBench(options).run();
    return r.lost() + r.duplicated() + r.stale() == 0 ? 0 : 1;
  }
}
