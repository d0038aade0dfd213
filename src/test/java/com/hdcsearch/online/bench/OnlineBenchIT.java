package com.hdcsearch.online.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hdc bench online} for real, short: a fresh service as a child JVM from the packaged jar (so this runs with
 * failsafe, after {@code package}), 2,000 Fashion-MNIST images in two phases, lookups from two threads, then the
 * offline upper bound. Cost: about 3 minutes on 2 cores (measured 186 s with another training beside it: 15 s boot,
 * 90 s run, the rest offline training of ~600 steps and exact scoring).
 * A candidate every 30 steps, at most one per 10 s, so that the short run sees decisions.
 */
@Tag("process")
class OnlineBenchIT {
  private static final Pattern LAST_LINE = Pattern.compile("online promotions=(\\d+) rejections=(\\d+) "
      + "failed_lookups=(\\d+) mixed_versions=(\\d+) start_r1=([0-9.]+) end_r1=([0-9.]+) offline_r1=([0-9.]+) "
      + "forgetting=(-?[0-9.]+) freshness_p99_ms=(\\d+)");
  private static final long SEED = 7;

  @TempDir Path dir;

  @Test
  void theShortRunServesEveryLookupFromOneServingVersionAndTrains() throws Exception {
    Path out = dir.resolve("bench-online.md");
    OnlineBenchOptions d = OnlineBenchOptions.defaults("fashion-mnist");
    OnlineBenchOptions options = new OnlineBenchOptions("fashion-mnist", Duration.ofSeconds(90), d.imageSize(),
        d.rgb(), SEED, StreamedClasses.ALL, 2000, OnlineBenchOptions.DEFAULT_RATE, 2, Duration.ofMillis(10), 300,
        Duration.ofSeconds(20), Duration.ofSeconds(5),
        Map.of("hdc.online.candidate-every-steps", "30", "hdc.online.candidate-min-interval", "10s"),
        OnlineBenchOptions.DEFAULT_JAR, out, false, true);
    System.out.println("OnlineBenchIT seed " + SEED);

    OnlineBenchResult result = new OnlineBench(options).run();

    List<String> lines = Files.readAllLines(out);
    String last = lines.get(lines.size() - 1).replace("`", "");
    Matcher m = LAST_LINE.matcher(last);
    assertTrue(m.matches(), "last line of the report does not parse: " + last);
    assertEquals(result.summaryLine(), last);
    assertEquals(0, Long.parseLong(m.group(3)), "failed lookups");
    assertEquals(0, Long.parseLong(m.group(4)), "answers naming a version that was not serving");
    assertTrue(result.steps() > 0, "the service took no training step");
    for (int g = 5; g <= 7; g++) {
      double r1 = Double.parseDouble(m.group(g));
      assertTrue(r1 > 0 && r1 <= 1, "R@1 out of (0, 1]: " + last);
    }
    long p99 = Long.parseLong(m.group(9));
    assertTrue(p99 > 0, "no freshness probe was timed: " + last);
  }
}
