package com.hdcsearch.online.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.online.OnlineOptions;
import com.hdcsearch.stream.produce.CatalogPublisher;
import com.hdcsearch.versions.VersionStore;
import com.hdcsearch.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code hdc bench online}: starts a fresh service with online training, streams half of a data set's classes, then at
 * the midpoint the other half, hammers lookups all the while, measures held-out R@1 of the serving version every
 * sample interval, freshness of single new items, the versions promoted and rejected and their swaps, forgetting of
 * the first phase's classes, and finally the offline upper bound at the same number of steps.
 */
public final class OnlineBench {
  /** Longest wait for a phase's items to be searchable after they were sent. */
  private static final Duration INDEX_TIMEOUT = Duration.ofMinutes(5);
  /** Leaves the rest of the memory to libtorch, the bench and the page cache. */
  private static final String HEAP = "-Xmx3g";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final OnlineBenchOptions options;

  public OnlineBench(OnlineBenchOptions options) {
    this.options = options;
  }

  /** Runs the bench; prints progress to stderr, the report to stdout (last line: the summary); returns it. */
  public OnlineBenchResult run() throws Exception {
    BenchCatalog catalog = BenchCatalog.read(options.dataset(), options.classes(), options.limit(), options.queries(),
        options.seed());
    System.err.printf(Locale.ROOT, "bench online: %s (%s classes): %d images, phase 1 %d images of %d classes,"
        + " phase 2 %d images; %d zero-shot queries, %d phase-1 held-out queries, %d training-role images%n",
        options.dataset(),
        options.classes().label(),
        catalog.all().size(), catalog.phase1().size(), catalog.phase1Labels().size(), catalog.phase2().size(),
        catalog.zeroShot().size(), catalog.phase1HeldOut().size(), catalog.training().size());
    if (catalog.zeroShot().isEmpty() || catalog.phase1HeldOut().isEmpty()) {
      throw new IllegalStateException("no zero-shot or no phase-1 held-out queries in " + options.dataset()
          + ": use more images (--limit)");
    }
    Path home = Files.createTempDirectory("hdc-bench-online-");
    Map<String, String> settings = serviceSettings();
    OnlineOptions online = ServiceOnlineOptions.resolve(settings);
    OnlineBenchResult.Builder result = new OnlineBenchResult.Builder(options, settings, catalog);
    try {
      runService(home, settings, catalog, result);
      offline(home, online, catalog, result);
    } finally {
      if (!options.keepHome()) {
        VersionStore.deleteTree(home);
      } else {
        System.err.println("bench online: kept the service's home " + home);
      }
    }
    OnlineBenchResult r = result.build();
    String report = r.markdown();
    System.out.print(report);
    System.out.println(r.summaryLine());
    System.out.flush();
    r.appendTo(options.out());
    return r;
  }

  /** What the child service gets: online training on, the data set's input, then the user's overrides. */
  Map<String, String> serviceSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("hdc.online.enabled", "true");
    s.put("hdc.model.image-size", String.valueOf(options.imageSize()));
    s.put("hdc.model.rgb", String.valueOf(options.rgb()));
    s.putAll(options.service());
    return s;
  }

  private void runService(Path home, Map<String, String> settings, BenchCatalog catalog,
      OnlineBenchResult.Builder result) throws Exception {
    ServiceProcess.Launch launch = ServiceProcess.Launch.of(home).withJar(options.jar()).withSettings(settings)
        .withJvmOptions(List.of(HEAP));
    System.err.println("bench online: starting the service in " + home + " (log " + launch.log() + ")");
    try (ServiceProcess service = ServiceProcess.startReady(launch, READY_TIMEOUT)) {
      try {
        measure(service, catalog, result);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("bench online: the run failed (" + e + "); "
            + service.stateAndLogTail(), e);
      }
    }
  }

  private void measure(ServiceProcess service, BenchCatalog catalog, OnlineBenchResult.Builder result)
      throws IOException, InterruptedException {
    ServiceClient client = new ServiceClient(service.url());
    RecallProbe recall = new RecallProbe(client);
    long start = System.nanoTime();
    long end = start + options.duration().toNanos();
    long midpoint = start + options.duration().toNanos() / 2;
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    try (LookupHammer hammer = new LookupHammer(client, options.lookupThreads(), options.lookupPause().toMillis(),
        options.seed());
        FreshnessProbe freshness = new FreshnessProbe(client, service.bootstrap(),
            Long.toHexString(options.seed()));
        CatalogPublisher publisher = new CatalogPublisher(service.bootstrap())) {
      hammer.start();
      Sampler sampler = new Sampler(client, recall, catalog, hammer, start, result);
      // At a fixed rate: a measurement takes seconds under load, and rows should stay one interval apart.
      timers.scheduleAtFixedRate(() -> sampler.sampleQuietly("periodic"), 0,
          options.sampleEvery().toMillis(), TimeUnit.MILLISECONDS);
      List<LabelledImage> probeSources = catalog.phase1();
      timers.scheduleWithFixedDelay(() -> probeQuietly(freshness, probeSources), options.probeEvery().toMillis(),
          options.probeEvery().toMillis(), TimeUnit.MILLISECONDS);

      result.streamWindow(stream(publisher, client, catalog.phase1(), "phase 1"));
      hammer.addIndexed(ids(catalog.phase1()));
      sleepUntil(midpoint);
      result.endOfPhase1(sampler.sample("end of phase 1"));
      result.streamWindow(stream(publisher, client, catalog.phase2(), "phase 2"));
      hammer.addIndexed(ids(catalog.phase2()));
      sleepUntil(end);
      timers.shutdownNow();
      timers.awaitTermination(1, TimeUnit.MINUTES);
      result.endOfRun(sampler.sample("end of run"));
      if (!service.isAlive()) {
        throw new IllegalStateException("the service died during the run");
      }
      hammer.close();
      JsonNode versions = client.versions();
      JsonNode training = client.training();
      VersionTimeline timeline = VersionTimeline.of(versions);
      result.service(timeline, versions, training, hammer.answers(), hammer.failed(), hammer.firstFailure(),
          timeline.mixed(hammer.perVersionSecond()), hammer.perVersionSecond().keySet(), hammer.meanLatencyMillis(),
          freshness.timed(), freshness.percentile(0.5), freshness.percentile(0.99));
    } finally {
      timers.shutdownNow();
    }
  }

  private static void probeQuietly(FreshnessProbe freshness, List<LabelledImage> sources) {
    try {
      freshness.probe(sources.get(freshness.count() % sources.size()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.err.println("bench online: freshness probe failed: " + e);
    }
  }

  /**
   * Sends {@code images} at the rate, then waits until every one is searchable; returns that window in epoch ms
   * (from the first send to the last item searchable).
   */
  private long[] stream(CatalogPublisher publisher, ServiceClient client, List<LabelledImage> images, String what)
      throws IOException, InterruptedException {
    long startMillis = System.currentTimeMillis();
    long t0 = System.nanoTime();
    publisher.publish(images, options.rate(), n -> {});
    long deadline = System.nanoTime() + INDEX_TIMEOUT.toNanos();
    for (LabelledImage image : images) {
      while (!client.isSearchable(image.id())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(what + ": " + image.id() + " not searchable " + INDEX_TIMEOUT + " after "
              + "it was sent");
        }
        Thread.sleep(20);
      }
    }
    System.err.printf(Locale.ROOT, "bench online: %s: %d images sent and searchable in %.1f s%n", what,
        images.size(), (System.nanoTime() - t0) / 1e9);
    return new long[] {startMillis, System.currentTimeMillis()};
  }

  private static List<String> ids(List<LabelledImage> images) {
    return images.stream().map(LabelledImage::id).toList();
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /**
   * Scores start, end and offline by the exact protocol: the service's first version (the initial network) and its
   * final serving version from the version store, and the offline model trained from the first one.
   */
  private void offline(Path home, OnlineOptions online, BenchCatalog catalog, OnlineBenchResult.Builder result)
      throws IOException {
    Path first = result.checkpointOf(result.firstVersion(), home);
    Path last = result.checkpointOf(result.finalVersion(), home);
    ImageSpec spec;
    try (CascadeEmbedder initial = EmbedderLoader.load(first)) {
      spec = initial.imageSpec();
    }
    List<LabelledImage> all = catalog.all();
    OfflineUpperBound exact = new OfflineUpperBound(all, catalog.zeroShot(), spec);
    double startR1 = exact.recallAt1(first);
    double endR1 = exact.recallAt1(last);
    long t0 = System.nanoTime();
    // The offline bound retrains as many steps as the service took (about as long again as the run): a tuning grid
    // that compares the online runs with each other skips it.
    double offlineR1 = options.offlineBound()
        ? exact.trainAndScore(first, online, result.steps(), catalog.training()) : Double.NaN;
    result.exact(startR1, endR1, offlineR1, (System.nanoTime() - t0) / 1e9, online);
  }

  /** One R@1 measurement at a time: the periodic ones and the phase ends share one lock. */
  private static final class Sampler {
    private final ServiceClient client;
    private final RecallProbe recall;
    private final BenchCatalog catalog;
    private final LookupHammer hammer;
    private final long start;
    private final OnlineBenchResult.Builder result;

    Sampler(ServiceClient client, RecallProbe recall, BenchCatalog catalog, LookupHammer hammer, long start,
        OnlineBenchResult.Builder result) {
      this.client = client;
      this.recall = recall;
      this.catalog = catalog;
      this.hammer = hammer;
      this.start = start;
      this.result = result;
    }

    void sampleQuietly(String why) {
      try {
        sample(why);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        System.err.println("bench online: R@1 sample failed: " + e);
      }
    }

    synchronized OnlineBenchResult.Sample sample(String why) throws IOException, InterruptedException {
      long at = System.nanoTime();
      JsonNode versions = client.versions();
      JsonNode training = client.training();
      RecallProbe.Recall zeroShot = recall.measure(catalog.zeroShot());
      RecallProbe.Recall phase1 = recall.measure(catalog.phase1HeldOut(), catalog.phase1Labels());
      VersionTimeline timeline = VersionTimeline.of(versions);
      OnlineBenchResult.Sample s = new OnlineBenchResult.Sample(why, (at - start) / 1e9,
          versions.path("serving").asText(), zeroShot, phase1, timeline.promoted().size(),
          timeline.rejected().size(), training.path("steps").asLong(), hammer.answers(), hammer.failed());
      result.sample(s);
      System.err.println("bench online: " + s.line());
      return s;
    }
  }
}
