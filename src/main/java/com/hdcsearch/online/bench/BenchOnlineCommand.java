package com.hdcsearch.online.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hdc bench online}: the online loop end to end against a fresh service it starts itself. */
@Command(name = "online", mixinStandardHelpOptions = true,
    description = "Start a fresh service with online training, stream half the classes then the rest, hammer "
        + "lookups; print held-out R@1 over time, promotions, swaps, forgetting, freshness and the offline bound.")
public final class BenchOnlineCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "emoji", description = "emoji or fashion-mnist (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--minutes", defaultValue = "15", description = "Length of the run (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--image-size", description = "Input side in px (default: emoji 32 RGB, fashion-mnist 28 grey).")
  Integer imageSize;

  @Option(names = "--seed", defaultValue = "1", description = "Phase split, query sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--protocol", defaultValue = "all", description = "Classes streamed: all, validation (the"
      + " zero-shot train classes, to choose settings on) or test (the other half, to report once on); default: ${DEFAULT-VALUE}.")
  String protocol;

  @Option(names = "--limit", defaultValue = "0", description = "Images streamed, a seeded sample; 0 = all.")
  int limit;

  @Option(names = "--lookup-threads", defaultValue = "4", description = "Lookup threads (default: ${DEFAULT-VALUE}).")
  int lookupThreads;

  @Option(names = "--lookup-pause-ms", defaultValue = "10", description = "Pause between a thread's lookups (default: ${DEFAULT-VALUE}).")
  long lookupPauseMillis;

  @Option(names = "--rate", defaultValue = "200", description = "Images per second streamed (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--queries", defaultValue = "1000", description = "Most queries per R@1 measurement (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--sample-s", defaultValue = "30", description = "Seconds between R@1 measurements (default: ${DEFAULT-VALUE}).")
  int sampleSeconds;

  @Option(names = "--probe-s", defaultValue = "10", description = "Seconds between freshness probes (default: ${DEFAULT-VALUE}).")
  int probeSeconds;

  @Option(names = "--service", description = "A -D setting for the child service, key=value (repeatable), e.g. hdc.online.gate.margin=0.")
  Map<String, String> service = new LinkedHashMap<>();

  @Option(names = "--jar", defaultValue = "target/quarkus-app/quarkus-run.jar", description = "The packaged service (default: ${DEFAULT-VALUE}).")
  Path jar;

  @Option(names = "--out", defaultValue = "target/bench-online.md", description = "Markdown report, appended (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--keep-home", description = "Keep the service's temporary home (log, versions) at the end.")
  boolean keepHome;

  @Option(names = "--no-offline", description = "Skip the offline upper bound (it retrains as many steps as the"
      + " service took): for a grid that compares online runs with each other.")
  boolean noOffline;

  @Override
  public Integer call() throws Exception {
    StreamedClasses streamed;
    try {
      streamed = StreamedClasses.parse(protocol);
    } catch (IllegalArgumentException e) {
      // A usage error, not a crash: picocli prints the message and the usage, and the exit code says so.
      throw new ParameterException(spec.commandLine(), "--protocol: " + e.getMessage());
    }
    OnlineBenchOptions d = OnlineBenchOptions.defaults(dataset);
    OnlineBenchOptions options = new OnlineBenchOptions(dataset, Duration.ofMillis((long) (minutes * 60_000)),
        imageSize == null ? d.imageSize() : imageSize, d.rgb(), seed, streamed, limit, rate,
        lookupThreads,
        Duration.ofMillis(lookupPauseMillis), queries, Duration.ofSeconds(sampleSeconds),
        Duration.ofSeconds(probeSeconds), service, jar, out, keepHome, !noOffline);
    new OnlineBench(options).run();
    return 0;
  }
}
