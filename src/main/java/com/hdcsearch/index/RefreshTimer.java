package com.hdcsearch.index;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.apache.lucene.search.ReferenceManager;

/**
 * Times each searcher reopen and tells listeners which writes became searchable. Lucene serialises reopens, so the
 * before/after pair always runs on one thread at a time; readers may call {@link #stats()} from any thread.
 */
final class RefreshTimer implements ReferenceManager.RefreshListener {
  private final LongSupplier completedSeqNo;
  private final List<RefreshListener> listeners = new CopyOnWriteArrayList<>();
  private long startNanos;
  private long startSeqNo;
  private volatile RefreshStats stats = new RefreshStats(0, 0, 0, 0);

  /** {@code completedSeqNo}: the writer's highest sequence number whose write has completed. */
  RefreshTimer(LongSupplier completedSeqNo) {
    this.completedSeqNo = completedSeqNo;
  }

  void addListener(RefreshListener listener) {
    listeners.add(listener);
  }

  @Override
  public void beforeRefresh() {
    startNanos = System.nanoTime();
    // Writes completed before the reopen starts are in the new reader; later ones may not be.
    startSeqNo = completedSeqNo.getAsLong();
  }

  @Override
  public void afterRefresh(boolean didRefresh) {
    if (!didRefresh) {
      return; // nothing new: a no-op reopen would only dilute the figures
    }
    long took = System.nanoTime() - startNanos;
    RefreshStats s = stats;
    stats = new RefreshStats(s.refreshes() + 1, took, Math.max(s.maxNanos(), took), s.totalNanos() + took);
    for (RefreshListener l : listeners) {
      l.refreshed(startSeqNo, took);
    }
  }

  RefreshStats stats() {
    return stats;
  }
}
