package com.hdcsearch.serving;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.stream.IndexUpdater;
import com.hdcsearch.stream.IngestPipeline;
import com.hdcsearch.versions.VersionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.lucene.store.FSDirectory;
import com.hdcsearch.model.EmbedderWarmup;
import org.jboss.logging.Logger;

/**
 * Replaces the serving model while the service keeps answering, in the two phases of Lucene's commit: everything
 * for the incoming version is built aside (its index in its own directory, its updater, ingest embedding every
 * change with both versions and back-filling the catalog in slices), then one reference swap moves searches and
 * ingest to it. Any failure before the switch (an exception, an interrupt, a timeout) undoes only what was built
 * aside: the incoming model, updater and index are closed and its directory deleted, ingest goes back to the serving
 * version alone, which never stopped serving. After the switch the old index closes after its last search, then its
 * model is unloaded and its directory deleted. One swap object runs once.
 */
public final class ModelSwap {
  private static final Logger LOG = Logger.getLogger(ModelSwap.class);
  /** A batch as large as ingest's default micro-batch, for the incoming model's warm-up. */
  private static final int WARMUP_BATCH = 32;
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);
  /** Missing ids named in a timeout message. */
  private static final int SHOWN_MISSING = 5;

  /** Called before each step; tests inject failures here. */
  public interface Faults {
    Faults NONE = step -> {};

    void before(SwapStep step) throws Exception;
  }

  /**
   * Told once the incoming index is committed complete, just before the switch (the instance's note of what it
   * serves is written here); a failure abandons the swap like any step before the switch.
   */
  public interface BeforeSwitch {
    BeforeSwitch NONE = index -> {};

    void committed(VectorIndex index) throws Exception;
  }

  /** What a finished swap did. */
  public record Result(String from, String to, int items, Duration took) {}

  private final ServingModel model;
  private final ServingIndex serving;
  private final IngestPipeline pipeline;
  private final Path indexRoot;
  private final HnswConfig hnsw;
  private final Faults faults;
  private final BeforeSwitch beforeSwitch;
  private volatile SwapStep step;
  private volatile VectorIndex incomingIndex;
  private volatile boolean started;

  public ModelSwap(ServingModel model, ServingIndex serving, IngestPipeline pipeline, Path indexRoot, HnswConfig hnsw,
      Faults faults) {
    this(model, serving, pipeline, indexRoot, hnsw, faults, BeforeSwitch.NONE);
  }

  /** As above, and {@code beforeSwitch} is told when the incoming index is committed complete. */
  public ModelSwap(ServingModel model, ServingIndex serving, IngestPipeline pipeline, Path indexRoot, HnswConfig hnsw,
      Faults faults, BeforeSwitch beforeSwitch) {
    this.model = model;
    this.serving = serving;
    this.pipeline = pipeline;
    this.indexRoot = indexRoot;
    this.hnsw = hnsw;
    this.faults = faults;
    this.beforeSwitch = beforeSwitch;
  }

  /** The step running now (null before the start). */
  public SwapStep step() {
    return step;
  }

  /** Share of the serving index's items that the incoming index holds (0 before it opens). */
  public double progress() {
    VectorIndex in = incomingIndex;
    if (in == null) {
      return 0;
    }
    try {
      int target = serving.current().size();
      return target == 0 ? 1 : Math.min(1.0, in.size() / (double) target);
    } catch (RuntimeException closed) {
      return 0;
    }
  }

  /**
   * Swaps to {@code next} (this swap owns it from now on: closed on failure); returns when it serves.
   *
   * @throws SwapFailedException when abandoned; the previous version serves as before
   */
  public Result run(Embedder next, Duration timeout) throws SwapFailedException, InterruptedException {
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("a ModelSwap runs once");
      }
      started = true;
    }
    long start = System.nanoTime();
    VectorIndex current = serving.current();
    String from = current.modelVersion();
    String to = next.modelVersion();
    if (to.equals(from)) {
      next.close();
      throw new IllegalArgumentException("model version '" + to + "' already serves");
    }
    Path dir = indexRoot.resolve(to);
    VectorIndex nextIndex = null;
    IndexUpdater nextUpdater = null;
    boolean embedding = false;
    IndexUpdater.Hold held = null;
    try {
      enter(SwapStep.OPEN_INDEX);
      nextIndex = VectorIndex.open(FSDirectory.open(dir), to, next.dimension(), hnsw);
      incomingIndex = nextIndex;
      LOG.infof("Swapping model %s -> %s: index at %s (%d items already there)", from, to, dir, nextIndex.size());

      enter(SwapStep.START_UPDATER);
      nextUpdater = pipeline.newUpdater(nextIndex, false);
      nextUpdater.start();

      enter(SwapStep.EMBED_BOTH);
      // Its first forwards would otherwise stall the first live batches that ingest embeds with both models.
      EmbedderWarmup.warmUp(next, 1, WARMUP_BATCH);
      model.beginSwap(next, nextIndex.indexId());
      embedding = true;

      enter(SwapStep.AWAIT_COMPLETE);
      awaitComplete(nextIndex, current, nextUpdater, start, timeout);

      enter(SwapStep.COMMIT);
      commit(nextUpdater, to);

      enter(SwapStep.SWITCH);
      held = holdWhileComplete(nextIndex, current, nextUpdater, start, timeout);
      beforeSwitch.committed(nextIndex);
    } catch (Exception e) {
      if (held != null) {
        held.close();
      }
      abort(next, embedding, nextUpdater, nextIndex, dir);
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      throw new SwapFailedException(to, step, e.getMessage(), e);
    }
    // The switch: in-memory reference moves only, nothing here can half-fail.
    Path oldDir = indexRoot.resolve(from);
    current.onClose(() -> {
      model.retire(from);
      VersionStore.deleteTree(oldDir);
      LOG.infof("Retired model %s: its last search ended, index %s deleted", from, oldDir);
    });
    ServingIndex.Lease previous;
    try {
      model.completeSwap(next);
      previous = serving.swap(nextIndex);
    } finally {
      // Both indexes may gain again: the old one only what the incoming one gets too, and new searches open that.
      held.close();
    }
    try {
      // The previous updater stops and commits the old index; until it has, the old index stays open (without the
      // hold it closed as soon as no search was on it, and the updater's next writes hit a closed writer).
      pipeline.replaceUpdater(nextUpdater);
    } finally {
      previous.close(); // the old index closes now, or after its last search
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    LOG.infof("Model %s serves (%d items) after a %d s swap; %s retires", to, nextIndex.size(), took.toSeconds(),
        from);
    return new Result(from, to, nextIndex.size(), took);
  }

  private void enter(SwapStep next) throws Exception {
    step = next;
    faults.before(next);
  }

  private static void commit(IndexUpdater updater, String version) throws InterruptedException, TimeoutException {
    if (!updater.commitNow(COMMIT_TIMEOUT)) {
      throw new TimeoutException("the index of " + version + " did not commit within " + COMMIT_TIMEOUT);
    }
  }

  /**
   * Pauses both indexes' updaters once the incoming index holds everything the serving one does, and returns the
   * pause. Ingest writes each change to both indexes through two updaters that run apart, so either index can be a
   * moment ahead of the other (an item the serving one gained after the last check, a delete the incoming one applied
   * first); held still, neither moves, so what the check finds under the pause still holds at the switch. When the
   * serving index has moved ahead, the pause ends and the swap waits and commits again before the next check.
   */
  private IndexUpdater.Hold holdWhileComplete(VectorIndex nextIndex, VectorIndex current, IndexUpdater updater,
      long start, Duration timeout) throws InterruptedException, TimeoutException {
    while (true) {
      IndexUpdater.Hold servingHeld = pipeline.pauseUpdater();
      IndexUpdater.Hold incomingHeld = updater.pause();
      IndexUpdater.Hold both = () -> {
        incomingHeld.close();
        servingHeld.close();
      };
      boolean complete = false;
      try {
        current.refresh();
        nextIndex.refresh();
        complete = nextIndex.missingOf(current, SHOWN_MISSING).isEmpty();
      } finally {
        if (!complete) {
          both.close();
        }
      }
      if (complete) {
        return both;
      }
      awaitComplete(nextIndex, current, updater, start, timeout);
      commit(updater, nextIndex.modelVersion());
    }
  }

  private void awaitComplete(VectorIndex nextIndex, VectorIndex current, IndexUpdater updater, long start,
      Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = start + timeout.toNanos();
    List<String> missing;
    while (!(missing = nextIndex.missingOf(current, SHOWN_MISSING)).isEmpty()) {
      if (!updater.isAlive()) {
        throw new IllegalStateException("the index updater of " + nextIndex.modelVersion() + " stopped");
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the index of " + nextIndex.modelVersion() + " did not catch up within "
            + timeout + " (" + nextIndex.size() + " of " + current.size() + " items; missing e.g. " + missing + ")");
      }
      Thread.sleep(CHECK_INTERVAL.toMillis());
    }
  }

  /** Undoes what was built aside, in reverse order; every step runs even when an earlier one fails. */
  private void abort(Embedder next, boolean embedding, IndexUpdater updater, VectorIndex index, Path dir) {
    LOG.warnf("Abandoning the swap to %s at %s; %s keeps serving", next.modelVersion(), step,
        model.modelVersion());
    // An interrupt must not cut the clean-up short (the updater must stop before its index closes): re-set after.
    boolean interrupted = Thread.interrupted();
    // Ingest first: from here on no change is embedded with the aborted version.
    try {
      model.abortSwap(next);
    } catch (RuntimeException e) {
      LOG.warn("Could not unload the aborted model", e);
    }
    if (!embedding) {
      next.close();
    }
    if (updater != null) {
      try {
        updater.close();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (index != null) {
      try {
        index.close();
      } catch (Exception e) {
        LOG.warn("Could not close the aborted index", e);
      }
    }
    incomingIndex = null;
    try {
      VersionStore.deleteTree(dir);
    } catch (RuntimeException e) {
      LOG.warnf(e, "Could not delete the aborted index at %s", dir);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
