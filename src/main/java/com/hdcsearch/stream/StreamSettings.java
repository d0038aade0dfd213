package com.hdcsearch.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The ingest pipeline: Kafka Streams identity, micro-batching and input limits. */
@ConfigMapping(prefix = "hdc.stream")
public interface StreamSettings {
  /** Default of {@link #backfillBudget()}. */
  java.time.Duration DEFAULT_BACKFILL_BUDGET = java.time.Duration.ofMillis(40);

  /** Kafka Streams application id: the consumer group and the prefix of internal topics. */
  @WithName("application-id")
  @WithDefault("hdc-serving")
  String applicationId();

  /** Local state (the catalog and pending-embedding stores) of Kafka Streams. */
  @WithName("state-dir")
  @WithDefault("${hdc.home:.}/data/streams")
  String stateDir();

  /** Most images embedded in one model call; a full batch is embedded at once. */
  @WithName("batch-size")
  @WithDefault("32")
  int batchSize();

  /** Longest an image waits for its batch to fill: bounds the embedding part of produce-to-searchable latency. */
  @WithName("batch-linger")
  @WithDefault("50ms")
  Duration batchLinger();

  /** Largest encoded image accepted, in bytes (stream and search API). */
  @WithName("max-image-bytes")
  @WithDefault("4194304")
  int maxImageBytes();

  /** Largest image accepted, in pixels (width x height); checked from the header, so decompression bombs are refused. */
  @WithName("max-image-pixels")
  @WithDefault("16777216")
  long maxImagePixels();

  /**
   * Threads of Kafka Streams; each embeds its own partitions' batches, all at the same time. Unset: the thread
   * budget's ingest share ({@code hdc.threads.ingest}).
   */
  @WithName("threads")
  java.util.Optional<Integer> threads();

  /**
   * Embedding time that back-filling a new index (a swap's incoming version, a rebuilt index) may take per
   * punctuation, after the live changes: bounds how long the stream thread is away from polling, so live items stay
   * fresh during a swap; larger re-embeds faster.
   */
  @WithName("backfill-budget")
  @WithDefault("40ms")
  Duration backfillBudget();

  /** Kafka Streams commit interval: how much input is re-processed after a crash (outputs are idempotent). */
  @WithName("commit-interval")
  @WithDefault("1s")
  Duration commitInterval();

  /**
   * Crash-campaign hook ({@link PhaseHold}): log and stay this long in each embedded micro-batch and each index
   * commit, so that a kill -9 can land inside them; 0 = off (the default; never on in production).
   */
  @WithName("phase-hold")
  @WithDefault("0ms")
  Duration phaseHold();
}
