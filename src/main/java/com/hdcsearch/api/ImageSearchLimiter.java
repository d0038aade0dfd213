package com.hdcsearch.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;

/**
 * Bounds the searches by image that run at once ({@code hdc.api.max-concurrent-image-searches}). A caller over the
 * bound is refused at once with 429 and {@code Retry-After}: each search holds a decoded image and an embedder call,
 * so an unbounded queue of them would exhaust memory and threads under a burst, and slow every caller alike.
 */
@ApplicationScoped
public class ImageSearchLimiter {
  private final Semaphore permits;
  private final int limit;
  private final long retryAfterSeconds;

  ImageSearchLimiter(ApiSettings settings) {
    if (settings.maxConcurrentImageSearches() < 1) {
      throw new IllegalArgumentException("hdc.api.max-concurrent-image-searches must be at least 1, got: "
          + settings.maxConcurrentImageSearches());
    }
    this.limit = settings.maxConcurrentImageSearches();
    this.permits = new Semaphore(limit);
    // Retry-After is whole seconds; never 0, which would tell the client to hammer.
    this.retryAfterSeconds = Math.max(1, (settings.imageSearchRetryAfter().toMillis() + 999) / 1000);
  }

  /** A held place among the running searches; close it when the search ends. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A place, or a 429 at once.
   *
   * @throws ApiException 429 {@code TOO_MANY_SEARCHES} with {@code Retry-After} when {@code limit} searches run
   */
  public Permit acquire() {
    if (!permits.tryAcquire()) {
      throw new ApiException(429, "TOO_MANY_SEARCHES", limit + " searches by image are running, the most this "
          + "instance runs at once (hdc.api.max-concurrent-image-searches); retry after " + retryAfterSeconds + " s",
          retryAfterSeconds);
    }
    return new Permit() {
      private boolean closed;

      @Override
      public synchronized void close() {
        if (!closed) {
          closed = true;
          permits.release();
        }
      }
    };
  }

  /** Places free now (for metrics and tests). */
  public int available() {
    return permits.availablePermits();
  }
}
