package com.hdcsearch.stream;

import com.hdcsearch.index.RefreshListener;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Measures produce-to-searchable latency: the updater notes each write's sequence number with the record timestamp
 * (the producer's clock, carried through the pipeline), and each index refresh completes the writes it made
 * searchable.
 */
final class FreshnessTracker implements RefreshListener {
  /** Ordered by sequence number: one updater thread writes and notes in that order. */
  private final ConcurrentLinkedQueue<long[]> waiting = new ConcurrentLinkedQueue<>();
  private final PipelineMetrics metrics;
  private final String modelVersion;

  FreshnessTracker(PipelineMetrics metrics, String modelVersion) {
    this.metrics = metrics;
    this.modelVersion = modelVersion;
  }

  /** The write {@code seqNo} carried a record produced at {@code producedMillis}. */
  void written(long seqNo, long producedMillis) {
    waiting.add(new long[] {seqNo, producedMillis});
  }

  @Override
  public void refreshed(long searchableSeqNo, long tookNanos) {
    metrics.recordRefresh(modelVersion, tookNanos);
    long now = System.currentTimeMillis();
    for (long[] w = waiting.peek(); w != null && w[0] <= searchableSeqNo; w = waiting.peek()) {
      waiting.poll();
      metrics.recordSearchable(modelVersion, now - w[1]);
    }
  }
}
