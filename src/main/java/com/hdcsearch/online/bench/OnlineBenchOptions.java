package com.hdcsearch.online.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code hdc bench online} runs.
 *
 * @param dataset emoji or fashion-mnist
 * @param duration how long the service runs with the stream; phase 2 starts at half of it
 * @param imageSize side of the service's input images in pixels
 * @param rgb whether the service takes RGB input
 * @param seed seeds the phase split of the classes, the query sample and the offline trainer's sampler
 * @param classes which classes are streamed: all, or one side of the zero-shot split (tune on validation, report
 *     on test; see {@link StreamedClasses})
 * @param limit most images streamed (a seeded sample), 0 = the whole data set
 * @param rate images per second streamed (leave ingest capacity: freshness is measured under this load)
 * @param lookupThreads threads calling {@code /similar} the whole time
 * @param lookupPause pause of each lookup thread between two calls (0 = back to back)
 * @param queries most zero-shot queries per R@1 measurement (a seeded sample, the same every time)
 * @param sampleEvery time between two R@1 measurements
 * @param probeEvery time between two freshness probes
 * @param service extra {@code -D} settings of the child service ({@code hdc.online.*} overrides), in order
 * @param jar the packaged service
 * @param out Markdown report, appended to
 * @param keepHome keep the service's temporary home at the end (for a look at its log and versions)
 * @param offlineBound whether to train the offline upper bound at the end (as many steps as the service took)
 */
public record OnlineBenchOptions(String dataset, Duration duration, int imageSize, boolean rgb, long seed,
    StreamedClasses classes, int limit,
    double rate, int lookupThreads, Duration lookupPause, int queries, Duration sampleEvery, Duration probeEvery,
    Map<String, String> service, Path jar, Path out, boolean keepHome,
    boolean offlineBound) {
  public static final Duration DEFAULT_DURATION = Duration.ofMinutes(15);
  public static final double DEFAULT_RATE = 200;
  public static final int DEFAULT_LOOKUP_THREADS = 4;
  public static final Duration DEFAULT_LOOKUP_PAUSE = Duration.ofMillis(10);
  public static final int DEFAULT_QUERIES = 1000;
  public static final Duration DEFAULT_SAMPLE_EVERY = Duration.ofSeconds(30);
  public static final Duration DEFAULT_PROBE_EVERY = Duration.ofSeconds(10);
  public static final Path DEFAULT_JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  public static final Path DEFAULT_OUT = Path.of("target/bench-online.md");
  /** Emoji at 32 px RGB: the size measured fast enough on two cores (see the quality bench). */
  public static final int EMOJI_SIZE = 32;
  /** Fashion-MNIST's native 28 px grey. */
  public static final int FASHION_SIZE = 28;

  public OnlineBenchOptions {
    if (!dataset.equals("emoji") && !dataset.equals("fashion-mnist")) {
      throw new IllegalArgumentException("dataset must be emoji or fashion-mnist, got: " + dataset);
    }
    if (duration.toSeconds() < 20) {
      throw new IllegalArgumentException("duration must be at least 20 s, got: " + duration);
    }
    if (imageSize < 8) {
      throw new IllegalArgumentException("image size must be at least 8 px, got: " + imageSize);
    }
    if (classes == null) {
      throw new IllegalArgumentException("classes must not be null");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got: " + limit);
    }
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be > 0 images/s, got: " + rate);
    }
    if (lookupThreads < 1) {
      throw new IllegalArgumentException("lookup threads must be at least 1, got: " + lookupThreads);
    }
    if (queries < 10) {
      throw new IllegalArgumentException("queries must be at least 10, got: " + queries);
    }
    if (sampleEvery.isNegative() || sampleEvery.isZero() || probeEvery.isNegative() || probeEvery.isZero()) {
      throw new IllegalArgumentException("sample and probe intervals must be positive, got: " + sampleEvery + ", "
          + probeEvery);
    }
    for (String key : service.keySet()) {
      if (!key.startsWith("hdc.") && !key.startsWith("quarkus.")) {
        throw new IllegalArgumentException("service settings are hdc.* or quarkus.* keys, got: " + key);
      }
    }
    service = java.util.Collections.unmodifiableMap(new TreeMap<>(service));
  }

  /** The data set's defaults: emoji 32 px RGB, fashion-mnist 28 px grey; the rest as the constants say. */
  public static OnlineBenchOptions defaults(String dataset) {
    boolean emoji = dataset.equals("emoji");
    return new OnlineBenchOptions(dataset, DEFAULT_DURATION, emoji ? EMOJI_SIZE : FASHION_SIZE, emoji, 1L,
        StreamedClasses.ALL, 0,
        DEFAULT_RATE, DEFAULT_LOOKUP_THREADS, DEFAULT_LOOKUP_PAUSE, DEFAULT_QUERIES, DEFAULT_SAMPLE_EVERY,
        DEFAULT_PROBE_EVERY, Map.of(), DEFAULT_JAR, DEFAULT_OUT, false, true);
  }
}
