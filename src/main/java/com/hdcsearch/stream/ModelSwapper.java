package com.hdcsearch.stream;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.model.Embedder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.lucene.store.Directory;
import org.jboss.logging.Logger;

/**
 * Replaces the serving model while the service keeps answering: the new version's index is built in its own directory
 * from the re-embedded catalog while the current index serves, and is swapped in atomically once it holds every item
 * of the current one. Searches never mix versions: each one runs on one index with that index's model.
 */
public final class ModelSwapper {
  private static final Logger LOG = Logger.getLogger(ModelSwapper.class);
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);
  /** Missing ids named in a timeout message. */
  private static final int SHOWN_MISSING = 5;

  private final ServingModel model;
  private final ServingIndex serving;
  private final IngestPipeline pipeline;

  public ModelSwapper(ServingModel model, ServingIndex serving, IngestPipeline pipeline) {
    this.model = model;
    this.serving = serving;
    this.pipeline = pipeline;
  }

  /**
   * Swaps to {@code next}, whose index is built in {@code directory}; returns when {@code next} serves. On timeout
   * the swap is abandoned: the current version keeps serving and ingest returns to it.
   *
   * @throws TimeoutException if the new index did not catch up within {@code timeout}
   */
  public synchronized void swapTo(Embedder next, Directory directory, HnswConfig config, Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    VectorIndex current = serving.current();
    Embedder previous = model.embedder();
    if (next.modelVersion().equals(current.modelVersion())) {
      throw new IllegalArgumentException("model version '" + next.modelVersion() + "' already serves");
    }
    VectorIndex nextIndex = VectorIndex.open(directory, next.modelVersion(), next.dimension(), config);
    IndexUpdater nextUpdater = pipeline.newUpdater(nextIndex);
    nextUpdater.start();
    // The embedder re-queues the whole catalog when it sees a new ingest model (MicroBatchEmbedder).
    model.beginSwap(next);
    LOG.infof("Swapping model %s -> %s: building the new index from the re-embedded catalog", current.modelVersion(),
        next.modelVersion());
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> missing;
    while (!(missing = nextIndex.missingOf(current, SHOWN_MISSING)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        nextUpdater.close();
        nextIndex.close();
        model.abortSwap(next, previous);
        throw new TimeoutException("the index of " + next.modelVersion() + " did not catch up within " + timeout
            + "; still missing e.g. " + missing + "; " + current.modelVersion() + " keeps serving");
      }
      Thread.sleep(CHECK_INTERVAL.toMillis());
    }
    String oldVersion = current.modelVersion();
    // The old model is closed only when the last search on the old index has ended.
    current.onClose(() -> model.retire(oldVersion));
    pipeline.replaceUpdater(nextUpdater);
    serving.swap(nextIndex);
    LOG.infof("Model %s serves (%d items); %s retired", next.modelVersion(), nextIndex.size(), oldVersion);
  }
}
