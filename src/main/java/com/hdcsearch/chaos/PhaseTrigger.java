package com.hdcsearch.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.hdcsearch.process.ServiceHttp;
import com.hdcsearch.stream.PhaseHold;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits until the service is in a {@link CrashPhase}, as it shows from outside: the phase-hold lines of its log
 * (embedding batch, index commit), {@code /api/training} (a step count moving while TRAINING),
 * {@code /api/model/versions} (target != serving: a re-embed under way), or the producer's acknowledgements and the
 * index still behind them (mid-ingest). {@code skip} occurrences pass first, so that the moment varies by seed.
 */
final class PhaseTrigger {
  private static final Duration POLL_LOG = Duration.ofMillis(5);
  private static final Duration POLL_API = Duration.ofMillis(50);

  /** What waiting found: whether the phase was seen, after how long, and how. */
  record Hit(boolean hit, Duration after, String how) {}

  private final ServiceHttp http;
  private final Path log;
  private final ProducerLog producer;

  PhaseTrigger(ServiceHttp http, Path log, ProducerLog producer) {
    this.http = http;
    this.log = log;
    this.producer = producer;
  }

  /** Returns as soon as the service is in {@code phase} (after {@code skip} earlier occurrences) or at the timeout. */
  Hit await(CrashPhase phase, int skip, Duration timeout) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    return switch (phase) {
      case EMBED_BATCH -> awaitLog(PhaseHold.LOG_MARK + PhaseHold.Phase.EMBED_BATCH.mark(), skip, start, deadline);
      case INDEX_COMMIT -> awaitLog(PhaseHold.LOG_MARK + PhaseHold.Phase.INDEX_COMMIT.mark(), skip, start, deadline);
      case TRAINING -> awaitTraining(skip, start, deadline);
      case SWAP -> awaitSwap(skip, start, deadline);
      case MID_INGEST -> awaitIngest(skip, start, deadline);
    };
  }

  private Hit awaitLog(String mark, int skip, long start, long deadline) throws IOException, InterruptedException {
    LogWatch watch = new LogWatch(log);
    int seen = 0;
    while (System.nanoTime() < deadline) {
      seen += watch.count(mark);
      if (seen > skip) {
        return hit(start, "log line '" + mark + "' #" + seen);
      }
      Thread.sleep(POLL_LOG.toMillis());
    }
    return miss(start, "no log line '" + mark + "' (" + seen + " seen, " + skip + " to skip)");
  }

  private Hit awaitTraining(int skip, long start, long deadline) throws InterruptedException {
    long lastSteps = -1;
    int seen = 0;
    while (System.nanoTime() < deadline) {
      try {
        JsonNode t = http.json("/api/training");
        long steps = t.path("steps").asLong();
        if ("TRAINING".equals(t.path("state").asText()) && lastSteps >= 0 && steps > lastSteps && ++seen > skip) {
          return hit(start, "/api/training state TRAINING, steps " + lastSteps + " -> " + steps);
        }
        lastSteps = steps;
      } catch (IOException notNow) {
        // answers again in a moment
      }
      Thread.sleep(POLL_API.toMillis());
    }
    return miss(start, "the trainer was not seen stepping");
  }

  private Hit awaitSwap(int skip, long start, long deadline) throws InterruptedException {
    int seen = 0;
    while (System.nanoTime() < deadline) {
      try {
        JsonNode v = http.json("/api/model/versions");
        String serving = v.path("serving").asText(null);
        String target = v.path("target").asText(null);
        // Several polls inside one swap: the kill lands at a varying depth of its re-embed.
        if (serving != null && target != null && !serving.equals(target) && ++seen > skip) {
          double progress = swapProgress();
          return hit(start, "/api/model/versions serving " + serving + " target " + target
              + (Double.isNaN(progress) ? "" : String.format(java.util.Locale.ROOT, ", hdc_swap_progress %.2f",
                  progress)));
        }
      } catch (IOException notNow) {
        // answers again in a moment
      }
      Thread.sleep(POLL_API.toMillis());
    }
    return miss(start, "no swap under way was seen");
  }

  private Hit awaitIngest(int skip, long start, long deadline) throws IOException, InterruptedException {
    long acks = producer.ackCount();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      long now = producer.ackCount();
      if (now > acks) {
        int indexed = http.indexedItems();
        if (indexed != producer.live().size() && ++seen > skip) {
          return hit(start, "acknowledged records " + acks + " -> " + now + ", index " + indexed + " of "
              + producer.live().size() + " live items");
        }
        acks = now;
      }
      Thread.sleep(POLL_API.toMillis());
    }
    return miss(start, "the producer's records were not seen arriving");
  }

  /** {@code hdc_swap_progress} from the metrics (NaN when absent). */
  private double swapProgress() {
    try {
      for (String line : http.get("/q/metrics").body().split("\n")) {
        if (line.startsWith("hdc_swap_progress")) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    } catch (IOException | InterruptedException | NumberFormatException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    return Double.NaN;
  }

  private static Hit hit(long start, String how) {
    return new Hit(true, Duration.ofNanos(System.nanoTime() - start), how);
  }

  private static Hit miss(long start, String how) {
    return new Hit(false, Duration.ofNanos(System.nanoTime() - start), how);
  }
}
