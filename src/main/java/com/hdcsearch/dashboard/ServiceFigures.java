package com.hdcsearch.dashboard;

import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.online.OnlineTrainingService;
import com.hdcsearch.online.TrainingStatus;
import com.hdcsearch.stream.PipelineMetrics;
import com.hdcsearch.stream.RejectReason;
import com.hdcsearch.train.LevelStats;
import com.hdcsearch.train.StepRecord;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample of every figure the dashboard plots, read from the service's own beans (not from {@code /q/metrics},
 * whose meters may change shape): counters become per-second rates since the previous sample, latencies are the
 * interval's p50/p99, training figures are the latest step's when a step was made since the previous sample (none
 * when the trainer stood still: a gap, not a repeated value). Reads are made by one thread, the sampler's. A
 * singleton (no lazy proxy), so that it listens to freshness from the sampler's start, not from its first read.
 */
@Singleton
public class ServiceFigures {
  /** Series keys; the page labels them. */
  static final String ITEMS = "items";
  static final String INGEST_RATE = "ingest.rate";
  static final String ACCEPTED_RATE = "ingest.accepted.rate";
  static final String FRESH_P50 = "fresh.p50";
  static final String FRESH_P99 = "fresh.p99";
  static final String DLQ_TOTAL = "dlq.total";
  static final String DLQ_PREFIX = "dlq.";
  static final String LOOKUP_ERRORS_RATE = "lookup.errors.rate";
  static final String TRAIN_STEPS = "train.steps";
  static final String TRAIN_LOSS = "train.loss";
  static final String TRAIN_IMAGES_PER_SECOND = "train.imagesPerSecond";

  private final ServingIndex serving;
  private final PipelineMetrics pipeline;
  private final OnlineTrainingService training;
  private final LookupStats lookups;
  private final LatencyWindow freshness = new LatencyWindow();
  private final Rates rates = new Rates();
  private long lastSteps = -1;

  ServiceFigures(ServingIndex serving, PipelineMetrics pipeline, OnlineTrainingService training,
      LookupStats lookups) {
    this.serving = serving;
    this.pipeline = pipeline;
    this.training = training;
    this.lookups = lookups;
    pipeline.onSearchable(freshness::record);
  }

  /** The figures at {@code nowMillis}; NaN or absent where there is no value for this interval. */
  public Map<String, Double> read(long nowMillis) {
    Map<String, Double> out = new LinkedHashMap<>();
    try (ServingIndex.Lease lease = serving.acquire()) {
      out.put(ITEMS, (double) lease.index().size());
    }
    out.put(INGEST_RATE, rates.perSecond(INGEST_RATE, pipeline.recordsIn(), nowMillis));
    out.put(ACCEPTED_RATE, rates.perSecond(ACCEPTED_RATE, pipeline.recordsAccepted(), nowMillis));
    LatencyWindow.Interval fresh = freshness.drain();
    out.put(FRESH_P50, fresh.p50Millis());
    out.put(FRESH_P99, fresh.p99Millis());
    double dead = 0;
    for (RejectReason reason : RejectReason.values()) {
      double n = pipeline.deadLettered(reason);
      dead += n;
      if (n > 0) {
        out.put(DLQ_PREFIX + reason.name(), n);
      }
    }
    out.put(DLQ_TOTAL, dead);
    double errors = 0;
    for (LookupKind kind : LookupKind.values()) {
      String key = "lookup." + kind.key();
      out.put(key + ".rate", rates.perSecond(key, lookups.answered(kind), nowMillis));
      LatencyWindow.Interval latency = lookups.drain(kind);
      out.put(key + ".p50", latency.p50Millis());
      out.put(key + ".p99", latency.p99Millis());
      errors += lookups.errors(kind);
    }
    out.put(LOOKUP_ERRORS_RATE, rates.perSecond(LOOKUP_ERRORS_RATE, errors, nowMillis));
    putTraining(out, training.status());
    return out;
  }

  private void putTraining(Map<String, Double> out, TrainingStatus status) {
    out.put(TRAIN_STEPS, (double) status.steps());
    StepRecord step = status.lastStep();
    boolean stepped = step != null && status.steps() != lastSteps;
    lastSteps = status.steps();
    if (!stepped) {
      return;
    }
    out.put(TRAIN_LOSS, (double) step.loss());
    out.put(TRAIN_IMAGES_PER_SECOND, step.imagesPerSecond());
    for (LevelStats level : step.levels()) {
      String key = "train.level" + (level.level() + 1);
      out.put(key + ".loss", (double) level.loss());
      out.put(key + ".hard", level.hardShare());
    }
  }
}
