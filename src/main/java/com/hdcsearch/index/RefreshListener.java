package com.hdcsearch.index;

/** Told after each near-real-time reopen that made new writes searchable; runs on the reopen thread: keep it short. */
@FunctionalInterface
public interface RefreshListener {
  /**
   * @param searchableSeqNo every write with a sequence number up to this one is now searchable
   * @param tookNanos how long the reopen took
   */
  void refreshed(long searchableSeqNo, long tookNanos);
}
