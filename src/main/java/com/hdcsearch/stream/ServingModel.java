package com.hdcsearch.stream;

import com.hdcsearch.model.Embedder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The loaded model versions: the ingest model, which embeds catalog changes, and every version that an index being
 * searched still needs for its queries. During a swap both the old and the new version are loaded; the old one is
 * retired once the last search on its index has ended.
 */
public final class ServingModel implements AutoCloseable {
  private final AtomicReference<Embedder> ingest;
  private final Map<String, Embedder> loaded = new ConcurrentHashMap<>();

  /** Serves {@code initial}; this holder now owns it. */
  public ServingModel(Embedder initial) {
    this.ingest = new AtomicReference<>(initial);
    loaded.put(initial.modelVersion(), initial);
  }

  /** The model that embeds the next catalog batch. */
  public Embedder embedder() {
    return ingest.get();
  }

  /** Version id of the ingest model. */
  public String modelVersion() {
    return ingest.get().modelVersion();
  }

  /**
   * The loaded model of {@code version}, to embed queries against that version's index.
   *
   * @throws IllegalStateException if that version is not loaded (retired, or never was)
   */
  public Embedder embedderFor(String version) {
    Embedder e = loaded.get(version);
    if (e == null) {
      throw new IllegalStateException("model version '" + version + "' is not loaded; loaded: " + loaded.keySet());
    }
    return e;
  }

  /** From now on the catalog is embedded with {@code next}; the current version stays loaded for its index. */
  void beginSwap(Embedder next) {
    if (loaded.putIfAbsent(next.modelVersion(), next) != null) {
      throw new IllegalArgumentException("model version '" + next.modelVersion() + "' is already loaded");
    }
    ingest.set(next);
  }

  /** Ingest goes back to {@code previous} and the aborted {@code next} is closed. */
  void abortSwap(Embedder next, Embedder previous) {
    ingest.set(previous);
    retire(next.modelVersion());
  }

  /** Unloads and closes {@code version}, unless it is the ingest model. */
  void retire(String version) {
    if (version.equals(modelVersion())) {
      return;
    }
    Embedder e = loaded.remove(version);
    if (e != null) {
      e.close();
    }
  }

  @Override
  public void close() {
    loaded.values().forEach(Embedder::close);
    loaded.clear();
  }
}
