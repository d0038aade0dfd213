package com.hdcsearch.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdc bench soak}: the long run under load, with the slopes of the process's resources. */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Run the service (a child process) streaming, training online and serving lookups at once; sample "
        + "its RSS, heap, open files and threads; print their slope per hour and fail above the README's bounds or "
        + "when a retired index directory is left.")
public final class SoakCommand implements Callable<Integer> {
  @Option(names = "--minutes", defaultValue = "60", description = "Length (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--warmup-minutes", defaultValue = "5", description = "Left out of the slopes (default: ${DEFAULT-VALUE}).")
  double warmupMinutes;

  @Option(names = "--seed", defaultValue = "1", description = "Changes and lookups (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--catalog", defaultValue = "2000", description = "Items in the catalog (default: ${DEFAULT-VALUE}).")
  int catalog;

  @Option(names = "--rate", defaultValue = "20", description = "Records per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--lookup-threads", defaultValue = "2", description = "Lookup threads (default: ${DEFAULT-VALUE}).")
  int lookupThreads;

  @Option(names = "--lookup-pause-ms", defaultValue = "20", description = "Pause between a thread's lookups (default: ${DEFAULT-VALUE}).")
  long lookupPauseMillis;

  @Option(names = "--sample-s", defaultValue = "10", description = "Seconds between samples (default: ${DEFAULT-VALUE}).")
  int sampleSeconds;

  @Option(names = "--max-rss-mib-per-h", defaultValue = "64", description = "Bound (default: ${DEFAULT-VALUE}).")
  double maxRss;

  @Option(names = "--max-heap-mib-per-h", defaultValue = "32", description = "Bound on the heap's floor (default: ${DEFAULT-VALUE}).")
  double maxHeap;

  @Option(names = "--max-open-files-per-h", defaultValue = "30", description = "Bound (default: ${DEFAULT-VALUE}).")
  double maxFiles;

  @Option(names = "--max-threads-per-h", defaultValue = "5", description = "Bound (default: ${DEFAULT-VALUE}).")
  double maxThreads;

  @Option(names = "--service", description = "A -D setting for the child service, key=value (repeatable).")
  Map<String, String> service = new LinkedHashMap<>();

  @Option(names = "--jar", defaultValue = "target/quarkus-app/quarkus-run.jar", description = "The packaged service (default: ${DEFAULT-VALUE}).")
  Path jar;

  @Option(names = "--home", description = "The service's home (default: a new temporary directory).")
  Path home;

  @Option(names = "--keep-home", description = "Keep the service's home at the end.")
  boolean keepHome;

  @Override
  public Integer call() throws Exception {
    SoakOptions options = new SoakOptions(Duration.ofMillis((long) (minutes * 60_000)),
        Duration.ofMillis((long) (warmupMinutes * 60_000)), seed, catalog, rate, lookupThreads,
        Duration.ofMillis(lookupPauseMillis), Duration.ofSeconds(sampleSeconds),
        new SoakBounds(maxRss, maxHeap, maxFiles, maxThreads), service, jar, home, keepHome);
    return new SoakBench(options).run().passed() ? 0 : 1;
  }
}
