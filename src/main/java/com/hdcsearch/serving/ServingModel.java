package com.hdcsearch.serving;

import com.hdcsearch.model.Embedder;
import com.hdcsearch.stream.IngestModels;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loaded model versions: the serving one, the incoming one during a swap (ingest embeds with both), and every
 * version that an index being searched still needs for its queries. A retired version is closed once the last
 * search on its index has ended.
 */
public final class ServingModel implements AutoCloseable {
  private volatile IngestModels ingest;
  private final Map<String, Embedder> loaded = new ConcurrentHashMap<>();

  /** Serves {@code initial}, whose index has id {@code indexId}; this holder now owns it. */
  public ServingModel(Embedder initial, String indexId) {
    this.ingest = new IngestModels(initial, indexId, null, null);
    loaded.put(initial.modelVersion(), initial);
  }

  /** Serves {@code initial}; nothing is back-filled for it (tests that fill the index themselves). */
  public ServingModel(Embedder initial) {
    this.ingest = IngestModels.servingOnly(initial);
    loaded.put(initial.modelVersion(), initial);
  }

  /** The models the next catalog batch is embedded with. */
  public IngestModels ingestModels() {
    return ingest;
  }

  /** The serving model. */
  public Embedder embedder() {
    return ingest.serving();
  }

  /** Version id of the serving model. */
  public String modelVersion() {
    return ingest.serving().modelVersion();
  }

  /** The model being swapped in, if a swap runs. */
  public Optional<Embedder> incoming() {
    return Optional.ofNullable(ingest.incoming());
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

  /** From now on catalog changes are embedded with {@code next} too, into the index with id {@code indexId}. */
  synchronized void beginSwap(Embedder next, String indexId) {
    if (ingest.incoming() != null) {
      throw new IllegalStateException("a swap to " + ingest.incoming().modelVersion() + " is already running");
    }
    if (loaded.putIfAbsent(next.modelVersion(), next) != null) {
      throw new IllegalArgumentException("model version '" + next.modelVersion() + "' is already loaded");
    }
    ingest = new IngestModels(ingest.serving(), ingest.servingIndexId(), next, indexId);
  }

  /** {@code incoming} serves from now on; the previous serving version stays loaded until {@link #retire}. */
  synchronized void completeSwap(Embedder incoming) {
    if (ingest.incoming() != incoming) {
      throw new IllegalStateException("no swap to " + incoming.modelVersion() + " is running");
    }
    ingest = new IngestModels(incoming, ingest.incomingIndexId(), null, null);
  }

  /** Ingest stops embedding with the aborted {@code next}, which is unloaded and closed. */
  synchronized void abortSwap(Embedder next) {
    if (ingest.incoming() == next) {
      ingest = new IngestModels(ingest.serving(), ingest.servingIndexId(), null, null);
    }
    Embedder e = loaded.remove(next.modelVersion());
    if (e != null) {
      e.close();
    }
  }

  /** Unloads and closes {@code version}, unless ingest still embeds with it. */
  synchronized void retire(String version) {
    if (version.equals(modelVersion()) || (ingest.incoming() != null
        && version.equals(ingest.incoming().modelVersion()))) {
      return;
    }
    Embedder e = loaded.remove(version);
    if (e != null) {
      e.close();
    }
  }

  @Override
  public synchronized void close() {
    loaded.values().forEach(Embedder::close);
    loaded.clear();
  }
}
