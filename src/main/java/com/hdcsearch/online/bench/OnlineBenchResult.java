package com.hdcsearch.online.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.hdcsearch.online.OnlineOptions;
import com.hdcsearch.versions.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The figures of one {@code hdc bench online} run, its Markdown report and its one-line summary. */
public final class OnlineBenchResult {
  /** The product's promise: a new item is searchable within a second. */
  static final long SLOW_PROBE_MILLIS = 1000;
  /** One R@1 measurement of the serving version over the API. */
  record Sample(String why, double seconds, String serving, RecallProbe.Recall zeroShot,
      RecallProbe.Recall phase1, int promotions, int rejections, long steps, long lookups, long failedLookups) {
    String line() {
      return String.format(Locale.ROOT, "t=%5.0fs serving=%s zero-shot R@1=%s (n=%d) phase-1 held-out R@1=%s (n=%d)"
          + " promotions=%d rejections=%d steps=%d lookups=%d failed=%d [%s]", seconds, serving,
          fmt(zeroShot.r1()), zeroShot.answered(), fmt(phase1.r1()), phase1.answered(), promotions, rejections,
          steps, lookups, failedLookups, why);
    }
  }

  private final Builder b;

  private OnlineBenchResult(Builder b) {
    this.b = b;
  }

  public long promotions() {
    return b.timeline.promoted().size();
  }

  public long rejections() {
    return b.timeline.rejected().size();
  }

  public long failedLookups() {
    return b.failed;
  }

  public long mixedVersions() {
    return b.mixed;
  }

  public long steps() {
    return b.steps();
  }

  /** R@1 points of phase 1's held-out queries lost between the end of phase 1 and the end of the run. */
  public double forgettingPoints() {
    return 100 * (b.endOfPhase1.phase1().r1() - b.endOfRun.phase1().r1());
  }

  /** The last line: the run in one line of key=value pairs. */
  public String summaryLine() {
    return String.format(Locale.ROOT, "online promotions=%d rejections=%d failed_lookups=%d mixed_versions=%d "
        + "start_r1=%.3f end_r1=%.3f offline_r1=%.3f forgetting=%.1f freshness_p99_ms=%d", promotions(), rejections(),
        b.failed, b.mixed, b.startR1, b.endR1, b.offlineR1, forgettingPoints(), b.freshP99);
  }

  /** The Markdown report (without the summary line). */
  String markdown() {
    StringBuilder m = new StringBuilder();
    OnlineBenchOptions o = b.options;
    m.append(String.format(Locale.ROOT, "%n## hdc bench online: %s (%s classes), %s%n%n", o.dataset(),
        o.classes().label(), Instant.now()));
    m.append(String.format(Locale.ROOT, "Run: %d s, %d images (phase 1: %d images of %d classes from t=0; phase 2: %d "
        + "images of the other classes at t=%d s), %.0f img/s, image %d px %s, seed %d, %d lookup threads (pause %d "
        + "ms), R@1 every %d s, a freshness probe every %d s.%n%n", o.duration().toSeconds(),
        b.catalog.all().size(), b.catalog.phase1().size(), b.catalog.phase1Labels().size(),
        b.catalog.phase2().size(), o.duration().toSeconds() / 2, o.rate(), o.imageSize(), o.rgb() ? "RGB" : "grey",
        o.seed(), o.lookupThreads(), o.lookupPause().toMillis(), o.sampleEvery().toSeconds(),
        o.probeEvery().toSeconds()));
    m.append("Service settings passed (-D): `").append(b.settings).append("`\n\n");
    m.append("### Held-out R@1 of the serving version over time (bench's own measure, over the API)\n\n");
    m.append("Zero-shot: ").append(b.catalog.zeroShot().size()).append(" items of the labels the service's "
        + "HeldOutSplit.defaults() holds out (never trained on), top-1 of `/similar?k=1` over the whole catalog, "
        + "label equality; items not indexed yet are skipped (n = answered). Phase-1 held-out: ")
        .append(b.catalog.phase1HeldOut().size()).append(" never-trained items of phase 1's classes, top-1 among "
        + "phase-1 items (first phase-1 label in the top " + RecallProbe.FILTER_DEPTH + "), so new classes in the "
        + "gallery do not count as forgetting.\n\n");
    m.append("| t (s) | serving version | zero-shot R@1 | n | phase-1 held-out R@1 | n | promotions | rejections | "
        + "steps | note |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (Sample s : b.samples) {
      m.append(String.format(Locale.ROOT, "| %.0f | %s | %s | %d | %s | %d | %d | %d | %d | %s |%n", s.seconds(),
          s.serving(), fmt(s.zeroShot().r1()), s.zeroShot().answered(), fmt(s.phase1().r1()), s.phase1().answered(),
          s.promotions(), s.rejections(), s.steps(), s.why()));
    }
    m.append("\n### Versions\n\n");
    m.append(String.format(Locale.ROOT, "Training steps: %d. Promotions: %d, rejections: %d.%n%n", b.steps(),
        promotions(), rejections()));
    m.append("| version | status | steps | reason | metrics |\n|---|---|---|---|---|\n");
    for (JsonNode v : b.versions.path("versions")) {
      m.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s |%n", v.path("versionId").asText(),
          v.path("status").asText(), v.path("steps").asLong(), v.path("reason").asText().replace('|', '/'),
          v.path("metrics").toString().replace('|', '/')));
    }
    m.append("\nSwaps (re-embedding; SERVING eventTime minus PROMOTED eventTime):");
    if (b.timeline.swaps().isEmpty()) {
      m.append(" none");
    }
    for (VersionTimeline.Swap s : b.timeline.swaps()) {
      m.append(String.format(Locale.ROOT, " %s %.1f s;", s.versionId(), s.millis() / 1000.0));
    }
    m.append("\n\n### Lookups\n\n");
    m.append(String.format(Locale.ROOT, "%d lookups (`/similar?k=%d` on indexed items), mean %.1f ms; failed (not "
        + "200 or fewer than k results): %d%s. Versions named by answers: %s. Mixed: %d. \"Mixed\" checks what an "
        + "answer shows: it must name a model version, and that version must have been the serving one (per the "
        + "SERVING events of /api/model/versions) in the second the answer arrived, give or take %d s; an answer's "
        + "results carry no version of their own, so results from two indexes in one answer cannot be seen from "
        + "outside (the service binds each search to one index).%n%n", b.lookups, LookupHammer.K, b.lookupMillis,
        b.failed, b.firstFailure == null ? "" : " (first: " + b.firstFailure + ")", new TreeSet<>(b.versionsSeen),
        b.mixed, VersionTimeline.SLACK_MILLIS / 1000));
    m.append(String.format(Locale.ROOT, "### Freshness%n%n%d probes (single new items sent while the run streams and "
        + "trains), send to searchable: p50 %d ms, p99 %d ms.%n%n", b.freshCount, b.freshP50, b.freshP99));
    m.append(slowProbes());
    m.append(String.format(Locale.ROOT, "### Forgetting%n%nPhase-1 held-out R@1 at the end of phase 1 (t=%.0f s, "
        + "serving %s): %s; at the end of the run (t=%.0f s, serving %s): %s; lost: %.1f points.%n%n",
        b.endOfPhase1.seconds(), b.endOfPhase1.serving(), fmt(b.endOfPhase1.phase1().r1()), b.endOfRun.seconds(),
        b.endOfRun.serving(), fmt(b.endOfRun.phase1().r1()), forgettingPoints()));
    if (Double.isNaN(b.offlineR1)) {
      m.append(String.format(Locale.ROOT, "### Exact protocol%n%nThe whole catalog (%d images) embedded by the bench "
          + "with the model, exact nearest neighbour (the query excluded), the same %d zero-shot queries, label "
          + "equality: start = the service's first version (%s), end = its final serving version (%s). The offline "
          + "upper bound was not trained (--no-offline).%n%n", b.catalog.all().size(), b.catalog.zeroShot().size(),
          b.firstVersion(), b.finalVersion()));
      return m.toString();
    }
    m.append(String.format(Locale.ROOT, "### Offline upper bound (exact protocol)%n%nstart_r1, end_r1 and offline_r1 "
        + "are all measured by one exact protocol, so their ratios are fair: the whole catalog (%d images) embedded "
        + "by the bench with the model, exact nearest neighbour (the query excluded), the same %d zero-shot queries, "
        + "label equality. start = the service's first version (%s), end = its final serving version (%s) loaded "
        + "from the version store, offline = CascadeTrainer from the first version's weights with the online "
        + "trainer's config (OnlineLearner.trainConfig: `%s`) for the service's %d steps on the %d training-role "
        + "images (%.0f s). end_r1 / offline_r1 = %.2f.%n%n",
        b.catalog.all().size(), b.catalog.zeroShot().size(), b.firstVersion(), b.finalVersion(), b.offlineConfig,
        b.steps(), b.catalog.training().size(), b.offlineSeconds, b.endR1 / b.offlineR1));
    return m.toString();
  }

  /** Probes over {@link #SLOW_PROBE_MILLIS}, each with what else was going on when it was sent. */
  private String slowProbes() {
    StringBuilder m = new StringBuilder();
    long start = b.streamWindows.isEmpty() ? 0 : b.streamWindows.get(0)[0];
    int slow = 0;
    for (FreshnessProbe.Timed p : b.probes) {
      if (p.latencyMillis() <= SLOW_PROBE_MILLIS) {
        continue;
      }
      slow++;
      List<String> during = new ArrayList<>();
      for (int i = 0; i < b.streamWindows.size(); i++) {
        long[] w = b.streamWindows.get(i);
        if (p.sentMillis() >= w[0] && p.sentMillis() <= w[1]) {
          during.add("phase " + (i + 1) + " streaming");
        }
      }
      for (VersionTimeline.Swap s : b.timeline.swaps()) {
        if (p.sentMillis() + p.latencyMillis() >= s.promotedMillis() && p.sentMillis() <= s.servingMillis()) {
          during.add("swap to " + s.versionId());
        }
      }
      m.append(String.format(Locale.ROOT, "- t=%.0f s: %d ms (%s)%n", (p.sentMillis() - start) / 1000.0,
          p.latencyMillis(), during.isEmpty() ? "no stream or swap" : String.join(", ", during)));
    }
    String head = String.format(Locale.ROOT, "Probes over %d ms: %d%s%n", SLOW_PROBE_MILLIS, slow,
        slow == 0 ? "." : " (t from the first send of phase 1; what overlapped them):");
    return head + m + "\n";
  }

  /** Appends the report and the summary line to {@code out} (created with its folders if absent). */
  void appendTo(Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, markdown() + "\n`" + summaryLine() + "`\n", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  static String fmt(double r) {
    return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.3f", r);
  }

  /** Collects the figures as the run goes. */
  static final class Builder {
    private final OnlineBenchOptions options;
    private final Map<String, String> settings;
    private final BenchCatalog catalog;
    private final List<Sample> samples = new ArrayList<>();
    private Sample endOfPhase1;
    private Sample endOfRun;
    private VersionTimeline timeline;
    private JsonNode versions;
    private JsonNode training;
    private long lookups;
    private long failed;
    private String firstFailure;
    private long mixed;
    private Set<String> versionsSeen;
    private double lookupMillis;
    private int freshCount;
    private List<FreshnessProbe.Timed> probes = List.of();
    private final List<long[]> streamWindows = new ArrayList<>();
    private long freshP50;
    private long freshP99;
    private double startR1;
    private double endR1;
    private double offlineR1;
    private double offlineSeconds;
    private String offlineConfig;

    Builder(OnlineBenchOptions options, Map<String, String> settings, BenchCatalog catalog) {
      this.options = options;
      this.settings = Map.copyOf(settings);
      this.catalog = catalog;
    }

    synchronized void sample(Sample s) {
      samples.add(s);
    }

    /** A phase's stream, first send to last item searchable, epoch ms. */
    void streamWindow(long[] window) {
      streamWindows.add(window.clone());
    }

    void endOfPhase1(Sample s) {
      endOfPhase1 = s;
    }

    void endOfRun(Sample s) {
      endOfRun = s;
    }

    void service(VersionTimeline timeline, JsonNode versions, JsonNode training, long lookups, long failed,
        String firstFailure, long mixed, Set<String> versionsSeen, double lookupMillis,
        List<FreshnessProbe.Timed> probes, long freshP50, long freshP99) {
      this.timeline = timeline;
      this.versions = versions;
      this.training = training;
      this.lookups = lookups;
      this.failed = failed;
      this.firstFailure = firstFailure;
      this.mixed = mixed;
      this.versionsSeen = Set.copyOf(versionsSeen);
      this.lookupMillis = lookupMillis;
      this.freshCount = probes.size();
      this.probes = List.copyOf(probes);
      this.freshP50 = freshP50;
      this.freshP99 = freshP99;
    }

    void exact(double startR1, double endR1, double offlineR1, double offlineSeconds, OnlineOptions online) {
      this.startR1 = startR1;
      this.endR1 = endR1;
      this.offlineR1 = offlineR1;
      this.offlineSeconds = offlineSeconds;
      this.offlineConfig = online.method() + "/" + online.mining() + ", " + online.classesPerBatch() + "x"
          + online.imagesPerClass() + ", lr " + online.learningRate() + ", seed " + online.seed();
    }

    long steps() {
      return training.path("steps").asLong();
    }

    String firstVersion() {
      return timeline.serving().get(0).versionId();
    }

    String finalVersion() {
      return versions.path("serving").asText();
    }

    /** The checkpoint directory that {@code versionId}'s events name, else its directory in the version store. */
    Path checkpointOf(String versionId, Path home) {
      for (JsonNode v : versions.path("versions")) {
        if (v.path("versionId").asText().equals(versionId) && v.hasNonNull("checkpoint")) {
          return Path.of(v.path("checkpoint").asText());
        }
      }
      return new VersionStore(home.resolve("data/versions")).directory(versionId);
    }

    OnlineBenchResult build() {
      return new OnlineBenchResult(this);
    }
  }
}
