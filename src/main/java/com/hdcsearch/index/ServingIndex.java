package com.hdcsearch.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The index that serves searches now, swapped atomically when a new model version's index is ready. A search leases
 * the current index; a swapped-out index is closed when its last lease is returned, so in-flight searches finish on
 * the version they started with and no search ever sees two versions.
 */
public final class ServingIndex implements Closeable {
  private final AtomicReference<VectorIndex> current;

  /** Serves {@code initial}; this holder now owns it. */
  public ServingIndex(VectorIndex initial) {
    this.current = new AtomicReference<>(initial);
  }

  /** A lease on the current index; close it (try-with-resources) when the search is done. */
  public Lease acquire() {
    while (true) {
      VectorIndex index = current.get();
      if (index == null) {
        throw new IllegalStateException("The serving index is closed");
      }
      if (index.tryIncRef()) {
        return new Lease(index);
      }
      // Lost a race with swap(): the index we read was retired and closed; the reference now holds its successor.
    }
  }

  /** The index being served now, for writers; searches should {@link #acquire()} instead. */
  public VectorIndex current() {
    VectorIndex index = current.get();
    if (index == null) {
      throw new IllegalStateException("The serving index is closed");
    }
    return index;
  }

  /**
   * Serves {@code next} from now on, and hands over the previous index as a lease: it closes once that lease is
   * closed and its in-flight searches have ended, whichever is later. The caller closes the lease once nothing writes
   * to the previous index any more (a swap first stops the updater still writing to it, which commits it).
   */
  public Lease swap(VectorIndex next) {
    while (true) {
      VectorIndex previous = current.get();
      if (previous == null) {
        closeQuietly(next);
        throw new IllegalStateException("The serving index is closed");
      }
      if (current.compareAndSet(previous, next)) {
        return new Lease(previous); // the owner's reference moves to the lease
      }
    }
  }

  @Override
  public void close() {
    VectorIndex previous = current.getAndSet(null);
    if (previous != null) {
      release(previous);
    }
  }

  private static void release(VectorIndex index) {
    try {
      index.decRef();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not close the retired index of " + index.modelVersion(), e);
    }
  }

  private static void closeQuietly(VectorIndex index) {
    try {
      index.close();
    } catch (IOException | RuntimeException ignored) {
      // already failing with a clearer message
    }
  }

  /** A reference to one index that keeps it open until {@link #close()}. */
  public static final class Lease implements AutoCloseable {
    private final VectorIndex index;
    private boolean closed;

    private Lease(VectorIndex index) {
      this.index = index;
    }

    /** The leased index. */
    public VectorIndex index() {
      return index;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(index);
      }
    }
  }
}
