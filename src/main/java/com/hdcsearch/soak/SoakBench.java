package com.hdcsearch.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.hdcsearch.chaos.CatalogEvent;
import com.hdcsearch.chaos.CatalogEvents;
import com.hdcsearch.chaos.CatalogStreamer;
import com.hdcsearch.chaos.ProducerLog;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The soak: the packaged service as a child process streams a catalog of constant size (updates, deletes, items
 * coming back, a few bad records), trains online and promotes (so it swaps and retires index directories), and
 * serves lookups, all at once; the process's RSS, heap, open files and threads are sampled, and their slopes per
 * hour after the warm-up are compared with {@link SoakBounds}. At the end no retired index directory may be left.
 */
public final class SoakBench {
  static final String DATASET = "fashion-mnist";
  static final String SPLIT = "test";
  /** Generous: on 2 shared, busy cores a start took over 3 minutes. */
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration REPORT_EVERY = Duration.ofMinutes(1);
  /** A swap that just switched deletes the old directory after its last search: give it this long. */
  private static final Duration RETIRE_GRACE = Duration.ofSeconds(60);
  /**
   * A heap committed and touched in full at start: otherwise G1 grows its committed heap toward -Xmx over the first
   * half hour and RSS climbs with it (measured: 605 to 1,400 MiB in 21 min, 1 GiB of it committed heap holding about
   * 250 MiB in use), which is no leak but hides one. So RSS growth is native growth.
   */
  private static final List<String> HEAP = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch");
  private static final double MIB = 1024.0 * 1024.0;

  private final SoakOptions options;

  public SoakBench(SoakOptions options) {
    this.options = options;
  }

  /** The child's settings: online training that promotes every candidate not worse than serving, then the user's. */
  Map<String, String> serviceSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("hdc.online.enabled", "true");
    // Promotions every couple of minutes: each swap builds an index, switches and deletes the old one, so a leak
    // in the swap path (files, threads, native memory of an unloaded model) shows in the slopes.
    s.put("hdc.online.candidate-every-steps", "100");
    s.put("hdc.online.candidate-min-interval", "2m");
    s.put("hdc.online.gate.margin", "0");
    s.put("hdc.online.gate.seen-tolerance", "1");
    s.putAll(options.service());
    return s;
  }

  /** Runs the soak; prints a line a minute, the slopes and the verdict line last. */
  SoakResult run() throws Exception {
    Path home = options.home() != null ? Files.createDirectories(options.home())
        : Files.createTempDirectory("hdc-soak-");
    List<LabelledImage> pool = pool();
    CatalogEvents events = new CatalogEvents(pool, options.seed());
    ServiceProcess.Launch launch = ServiceProcess.Launch.of(home).withJar(options.jar())
        .withSettings(serviceSettings()).withJvmOptions(HEAP);
    System.err.printf("soak: %s, home %s, service log %s%n", options.duration(), home, launch.log());
    List<ProcessSample> samples = new ArrayList<>();
    Set<String> versions = new LinkedHashSet<>();
    SoakResult result;
    try (ProducerLog log = new ProducerLog(home.resolve("producer-acks.log"));
        ServiceProcess service = ServiceProcess.startReady(launch, READY_TIMEOUT)) {
      ServiceHttp http = new ServiceHttp(service.url());
      ProcessSampler sampler = new ProcessSampler(service.pid(), http);
      long start = System.nanoTime();
      long end = start + options.duration().toNanos();
      List<String> ids = new ArrayList<>();
      try (CatalogStreamer streamer = new CatalogStreamer(service.bootstrap(), log)) {
        List<CatalogEvent> first = new ArrayList<>();
        for (int i = 0; i < options.catalogSize(); i++) {
          first.add(events.nextNew());
          ids.add(first.get(i).key());
        }
        streamer.sendAll(first);
        streamer.start(events, options.rate());
        LookupLoad started = new LookupLoad(http, ids, options.lookupThreads(), options.lookupPause().toMillis(),
            options.seed());
        try (started) {
          started.start();
          long nextReport = start;
          while (System.nanoTime() < end) {
            if (!service.isAlive()) {
              throw new IllegalStateException("the service died during the soak\n" + service.logTail());
            }
            boolean report = System.nanoTime() >= nextReport;
            if (report) {
              // Once a minute a full collection first, so that each minute's least heap is the live heap: G1 may
              // run no concurrent cycle for half an hour, and promoted garbage would look like a growing floor.
              sampler.collect();
            }
            double t = (System.nanoTime() - start) / 1e9;
            ProcessSample s = sampler.sample(t);
            samples.add(s);
            versions.add(http.modelVersion());
            if (report) {
              System.out.printf(Locale.ROOT, "soak t=%.0fs rss_mib=%.0f heap_mib=%.0f open_files=%d threads=%d "
                  + "lookups=%d failed=%d timeouts=%d records_sent=%d versions=%d%n", t, s.rssBytes() / MIB,
                  s.heapBytes() / MIB, s.openFiles(), s.threads(), started.answered(), started.failed(),
                  started.timeouts(),
                  streamer.sent(), versions.size());
              System.out.flush();
              nextReport += REPORT_EVERY.toNanos();
            }
            Thread.sleep(options.sampleEvery().toMillis());
          }
          started.close();
          streamer.stop();
          result = new SoakResult(options, samples, versions.size(), started.answered(), started.missed(),
              started.failed(), started.timeouts(), started.firstFailure(), leftoverIndexDirs(http, home));
        }
      }
      service.stop();
    }
    System.out.println(result.slopesLine());
    System.out.println(result.summaryLine());
    System.out.flush();
    if (!options.keepHome()) {
      VersionStore.deleteTree(home);
    } else {
      System.err.println("soak: kept the service's home " + home);
    }
    return result;
  }

  /**
   * Index directories that belong to neither the serving version nor the target of a swap under way, after a grace
   * period for the last swap's cleanup.
   */
  private static List<String> leftoverIndexDirs(ServiceHttp http, Path home) throws IOException,
      InterruptedException {
    Path index = home.resolve("data").resolve("index");
    long deadline = System.nanoTime() + RETIRE_GRACE.toNanos();
    List<String> left;
    do {
      JsonNode v = http.json("/api/model/versions");
      Set<String> keep = new LinkedHashSet<>();
      keep.add(v.path("serving").asText());
      keep.add(v.path("target").asText());
      left = new ArrayList<>();
      try (Stream<Path> dirs = Files.list(index)) {
        for (Path d : dirs.filter(Files::isDirectory).toList()) {
          if (!keep.contains(d.getFileName().toString())) {
            left.add(d.getFileName().toString());
          }
        }
      }
      if (left.isEmpty()) {
        return left;
      }
      Thread.sleep(1000);
    } while (System.nanoTime() < deadline);
    return left;
  }

  private List<LabelledImage> pool() throws IOException {
    List<LabelledImage> all = new ArrayList<>(DatasetRegistry.standard().read(DATASET, DatasetOptions.defaults())
        .split(SPLIT).images());
    Collections.shuffle(all, new Random(options.seed()));
    return all.subList(0, Math.min(all.size(), options.catalogSize()));
  }
}
