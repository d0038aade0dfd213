package com.hdcsearch.chaos;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.process.ServiceHttp;
import com.hdcsearch.process.ServiceProcess;
import com.hdcsearch.versions.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The crash campaign: the packaged service with its embedded broker as a child process, a producer streaming a
 * catalog with updates, tombstones and bad records and keeping its own log of what the broker acknowledged, and in
 * each cycle a kill -9 at a seeded moment of a seeded {@link CrashPhase}; after each restart, the time until lookups
 * answer again and a {@link CatalogCheck} against the producer's log.
 */
public final class ChaosBench {
  /** Data set of the catalog's images (real images, small: the campaign is about crashes, not quality). */
  static final String DATASET = "fashion-mnist";
  static final String SPLIT = "test";
  /** Generous: on 2 shared, busy cores a start took over 3 minutes. */
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
  /** Heap of the child: the rest is libtorch's and the page cache's. */
  private static final String HEAP = "-Xmx2g";
  /** Most occurrences of a phase let pass before the kill: the moment varies inside the phase's run. */
  private static final int MAX_SKIP = 3;
  /** Items looked up after a restart until one answers. */
  private static final int PROBES = 5;
  static final long PHASE_STREAM = 0x5048_4153L;
  static final long EVENT_STREAM = 0x4556_454EL;

  private final ChaosOptions options;
  private final Random random;

  public ChaosBench(ChaosOptions options) {
    this.options = options;
    this.random = new Random(options.seed() ^ PHASE_STREAM);
  }

  /** What the child service gets: the phase hold, online training that promotes every candidate, the user's. */
  static Map<String, String> serviceSettings(ChaosOptions options) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("hdc.stream.phase-hold", options.hold().toMillis() + "ms");
    s.put("hdc.online.enabled", "true");
    // Every candidate that is not worse on the zero-shot part is promoted (the gate takes no negative margin), so
    // that re-embeds and swaps happen often enough to be crashed into.
    s.put("hdc.online.candidate-every-steps", "40");
    s.put("hdc.online.candidate-min-interval", "15s");
    s.put("hdc.online.gate.margin", "0");
    s.put("hdc.online.gate.seen-tolerance", "1");
    s.putAll(options.service());
    return s;
  }

  /** Each phase about equally often, in a seeded order. */
  List<CrashPhase> drawPhases() {
    List<CrashPhase> out = new ArrayList<>();
    while (out.size() < options.cycles()) {
      out.addAll(options.phases());
    }
    Collections.shuffle(out, random);
    return out.subList(0, options.cycles());
  }

  /** Runs the campaign, prints a line per cycle and the summary line last; returns the result. */
  ChaosResult<ChaosResult.Cycle> run() throws Exception {
    Path home = options.home() != null ? Files.createDirectories(options.home())
        : Files.createTempDirectory("hdc-chaos-");
    ChaosResult<ChaosResult.Cycle> result = new ChaosResult<>();
    List<LabelledImage> pool = pool(options.seed());
    CatalogEvents events = new CatalogEvents(pool, options.seed() ^ EVENT_STREAM);
    ServiceProcess.Launch launch = ServiceProcess.Launch.of(home).withJar(options.jar())
        .withSettings(serviceSettings(options)).withJvmOptions(List.of(HEAP));
    System.err.printf("chaos: %d cycles, seed %d, home %s, service log %s%n", options.cycles(), options.seed(), home,
        launch.log());
    ServiceProcess service = null;
    CatalogStreamer streamer = null;
    try (ProducerLog log = new ProducerLog(home.resolve("producer-acks.log"))) {
      service = ServiceProcess.startReady(launch, READY_TIMEOUT);
      ServiceHttp http = new ServiceHttp(service.url());
      streamer = new CatalogStreamer(service.bootstrap(), log);
      List<CatalogEvent> initial = new ArrayList<>();
      for (int i = 0; i < options.initialItems(); i++) {
        initial.add(events.nextNew());
      }
      streamer.sendAll(initial);
      CatalogCheck.Result first = converge(http, service, log).check();
      System.err.println("chaos: initial catalog " + first.live() + " items, clean=" + first.clean()
          + (first.clean() ? "" : " " + first.problems()));
      List<CrashPhase> phases = drawPhases();
      for (int n = 1; n <= options.cycles(); n++) {
        CrashPhase phase = phases.get(n - 1);
        List<String> probes = log.live().keySet().stream().limit(PROBES).toList();
        streamer.start(events, options.rate());
        PhaseTrigger.Hit hit = new PhaseTrigger(http, service.logFile(), log)
            .await(phase, random.nextInt(MAX_SKIP + 1), options.phaseTimeout());
        long killed = System.nanoTime();
        service.kill();
        // Restarted at once, as a supervisor would; the producer's close (up to 5 s while its sends to the dead
        // broker fail) runs while the new JVM boots, not before it, so it is not counted as the service's recovery.
        service = ServiceProcess.start(launch);
        streamer.close();
        streamer = null;
        http = new ServiceHttp(service.url(), Duration.ofSeconds(5));
        Duration[] times = awaitRecovery(service, http, probes, killed);
        streamer = new CatalogStreamer(service.bootstrap(), log);
        List<CatalogEvent> resend = log.toResend();
        streamer.sendAll(resend);
        long restarted = System.nanoTime();
        Converged c = converge(http, service, log);
        ChaosResult.Cycle cycle = new ChaosResult.Cycle(n, phase, hit, times[1], times[0], resend.size(),
            Duration.ofNanos(c.at() - restarted), c.check());
        result.add(cycle);
        log.flush();
        System.out.println(cycle.line());
        System.out.flush();
      }
    } finally {
      if (streamer != null) {
        streamer.close();
      }
      if (service != null) {
        service.close();
      }
    }
    System.out.printf("chaos phases missed=%d max_ready_s=%.1f (each cycle's line says how its phase was hit)%n",
        result.missed(), result.maxReadySeconds());
    System.out.println(result.summaryLine());
    System.out.flush();
    if (!options.keepHome()) {
      VersionStore.deleteTree(home);
    } else {
      System.err.println("chaos: kept the service's home " + home);
    }
    return result;
  }

  /**
   * Polls the restarted service until a lookup of one of {@code probes} (items searchable before the kill; one may
   * have been deleted since) answers 200 and readiness is UP; returns {kill to lookup, kill to ready}.
   */
  private static Duration[] awaitRecovery(ServiceProcess service, ServiceHttp http, List<String> probes,
      long killed)
      throws InterruptedException {
    return RecoveryWatch.await("the restarted service", service::isAlive, service::ready, http, probes, 5, killed,
        READY_TIMEOUT, () -> "\n" + service.logTail());
  }

  /** Checks until the served catalog matches the log, or the timeout; the last check is the verdict. */
  private Converged converge(ServiceHttp http, ServiceProcess service, ProducerLog log) throws InterruptedException {
    CatalogConvergence.Verdict v = new CatalogConvergence(List.of(new CatalogConvergence.Target("service", http)),
        service.bootstrap(), options.convergeTimeout()).await(log, service::logTail);
    return new Converged(v.checks().get(0), v.at());
  }

  private record Converged(CatalogCheck.Result check, long at) {}

  /** The images new items and updates take: the data set's split in a seeded order. */
  static List<LabelledImage> pool(long seed) throws IOException {
    List<LabelledImage> all = new ArrayList<>(DatasetRegistry.standard().read(DATASET, DatasetOptions.defaults())
        .split(SPLIT).images());
    Collections.shuffle(all, new Random(seed));
    return all;
  }
}
