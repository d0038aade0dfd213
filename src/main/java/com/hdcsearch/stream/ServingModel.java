package com.hdcsearch.stream;

import com.hdcsearch.model.Embedder;
import java.util.concurrent.atomic.AtomicReference;

/** The model version that embeds new catalog items and search queries now. */
public final class ServingModel implements AutoCloseable {
  private final AtomicReference<Embedder> current;

  /** Serves {@code initial}; this holder now owns it. */
  public ServingModel(Embedder initial) {
    this.current = new AtomicReference<>(initial);
  }

  /** The embedder to use for the next batch or query. */
  public Embedder embedder() {
    return current.get();
  }

  /** Version id of the serving model. */
  public String modelVersion() {
    return current.get().modelVersion();
  }

  @Override
  public void close() {
    current.get().close();
  }
}
