package com.hdcsearch.index;

import org.apache.lucene.search.ReferenceManager;

/** Times each searcher reopen; only the reopen thread calls the listener methods, readers may call {@link #stats()}. */
final class RefreshTimer implements ReferenceManager.RefreshListener {
  private long startNanos;
  private volatile RefreshStats stats = new RefreshStats(0, 0, 0, 0);

  @Override
  public void beforeRefresh() {
    startNanos = System.nanoTime();
  }

  @Override
  public void afterRefresh(boolean didRefresh) {
    if (!didRefresh) {
      return; // nothing new: a no-op reopen would only dilute the figures
    }
    long took = System.nanoTime() - startNanos;
    RefreshStats s = stats;
    stats = new RefreshStats(s.refreshes() + 1, took, Math.max(s.maxNanos(), took), s.totalNanos() + took);
  }

  RefreshStats stats() {
    return stats;
  }
}
