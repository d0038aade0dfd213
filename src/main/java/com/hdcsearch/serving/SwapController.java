package com.hdcsearch.serving;

import com.hdcsearch.index.IndexSettings;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.stream.IngestPipeline;
import com.hdcsearch.stream.IngestService;
import com.hdcsearch.versions.ModelLifecycle;
import com.hdcsearch.versions.VersionEvent;
import com.hdcsearch.versions.VersionSettings;
import com.hdcsearch.versions.VersionStatus;
import com.hdcsearch.versions.VersionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import com.hdcsearch.kafka.KafkaConnected;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes this instance serve what {@code model.versions} says should serve: whenever the target version (the latest
 * PROMOTED or SERVING one) is not the one serving here, it runs a {@link ModelSwap} to it, one at a time on a thread
 * of its own, then writes the outcome (SERVING and RETIRED or ROLLED_BACK; REJECTED when the swap failed). Every
 * instance runs one, so all converge to the registry, after a restart too (a swap cut short by a crash resumes).
 */
@ApplicationScoped
public class SwapController {
  private static final Logger LOG = Logger.getLogger(SwapController.class);

  private final ModelLifecycle lifecycle;
  private final ServingModel model;
  private final ServingIndex serving;
  private final IngestService ingest;
  private final IndexSettings indexSettings;
  private final VersionSettings versionSettings;
  private final LocalServing local;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "model-swap");
    t.setDaemon(true);
    return t;
  });
  private final Timer duration;
  private final Counter succeeded;
  private final Counter failed;
  private final MeterRegistry registry;
  /** {@code hdc.model.serving{version=...}} = 1: which version serves, as a label ops can join other series on. */
  private Gauge servingInfo;
  private volatile ModelSwap running;
  private volatile ModelSwap.Faults faults = ModelSwap.Faults.NONE;
  private boolean scheduled;
  private boolean closed;

  SwapController(ModelLifecycle lifecycle, ServingModel model, ServingIndex serving, IngestService ingest,
      IndexSettings indexSettings, VersionSettings versionSettings, MeterRegistry registry, LocalServing local) {
    this.local = local;
    this.lifecycle = lifecycle;
    this.model = model;
    this.serving = serving;
    this.ingest = ingest;
    this.indexSettings = indexSettings;
    this.versionSettings = versionSettings;
    this.registry = registry;
    this.duration = Timer.builder("hdc.swap.duration").description("time of a model swap, re-embedding included")
        .register(registry);
    this.succeeded = Counter.builder("hdc.swaps").tag("outcome", "succeeded").register(registry);
    this.failed = Counter.builder("hdc.swaps").tag("outcome", "failed").register(registry);
    Gauge.builder("hdc.swap.progress", this, SwapController::progress)
        .description("share of the catalog in the incoming version's index during a swap (0 when none runs)")
        .register(registry);
  }

  /** After the pipeline (priority 10) runs: leftovers are removed, then the registry is followed. */
  void onStart(@Observes @Priority(20) KafkaConnected event) {
    markServing(model.modelVersion());
    deleteDeadIndexes();
    lifecycle.addListener(e -> reconcile());
    reconcile();
  }

  void onStop(@Observes @Priority(5) ShutdownEvent event) throws InterruptedException {
    synchronized (this) {
      closed = true;
    }
    executor.shutdownNow();
    executor.awaitTermination(30, TimeUnit.SECONDS);
  }

  /** The swap under way, if any. */
  public Optional<ModelSwap> running() {
    return Optional.ofNullable(running);
  }

  /** Tests: failures to inject into the next swaps. */
  public void injectFaults(ModelSwap.Faults faults) {
    this.faults = faults;
  }

  /** Schedules a swap when the target version is not the one serving here. */
  public synchronized void reconcile() {
    if (closed || scheduled) {
      return;
    }
    Optional<VersionEvent> target = lifecycle.book().target();
    if (target.isEmpty() || target.get().versionId().equals(model.modelVersion())) {
      target.ifPresent(this::confirmServing);
      return;
    }
    scheduled = true;
    executor.submit(() -> {
      try {
        swapTo(target.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.error("The model swap controller failed", e);
      } finally {
        synchronized (this) {
          scheduled = false;
        }
      }
      if (!Thread.currentThread().isInterrupted()) {
        reconcile(); // the target may have moved on while this swap ran
      }
    });
  }

  /**
   * A version this instance already serves but the registry still lists as PROMOTED (a crash after the switch, before
   * SERVING was written): SERVING now, and the version the registry still has serving is retired (or rolled back).
   */
  private void confirmServing(VersionEvent target) {
    if (target.status() == VersionStatus.PROMOTED) {
      String replaced = lifecycle.book().serving().map(VersionEvent::versionId).orElse(target.versionId());
      executor.submit(() -> {
        publishServing(target, replaced);
        deleteDeadIndexes();
      });
    }
  }

  private void swapTo(VersionEvent target) throws InterruptedException {
    IngestPipeline pipeline = ingest.pipeline()
        .orElseThrow(() -> new IllegalStateException("the ingest pipeline is not running"));
    String from = model.modelVersion();
    Embedder next;
    try {
      next = lifecycle.store().load(target);
    } catch (Exception e) {
      reject(target, "its weights cannot be loaded: " + e.getMessage());
      return;
    }
    Path checkpoint = lifecycle.store().checkpointOf(target);
    ModelSwap swap = new ModelSwap(model, serving, pipeline, Path.of(indexSettings.path()), indexSettings.hnsw(),
        faults, committed -> local.recordSwitch(committed, checkpoint));
    running = swap;
    Timer.Sample sample = Timer.start();
    try {
      ModelSwap.Result result = swap.run(next, versionSettings.swapTimeout());
      sample.stop(duration);
      succeeded.increment();
      LOG.infof("Swap %s -> %s: %d items in %d s", result.from(), result.to(), result.items(),
          result.took().toSeconds());
      markServing(result.to());
      publishServing(target, from);
    } catch (SwapFailedException e) {
      failed.increment();
      LOG.warn(e.getMessage(), e.getCause());
      reject(target, "swap failed on " + lifecycle.registry().instance() + " at " + e.step() + ": "
          + e.getCause().getMessage());
    } finally {
      running = null;
    }
  }

  /** SERVING for the new version, then RETIRED (or ROLLED_BACK) for the one it replaced. */
  private void publishServing(VersionEvent target, String replaced) {
    try {
      VersionEvent now = lifecycle.book().get(target.versionId()).orElse(target);
      if (now.status() == VersionStatus.PROMOTED) {
        lifecycle.transition(target.versionId(), VersionStatus.SERVING, "serves on "
            + lifecycle.registry().instance(), Map.of());
      }
      Optional<VersionEvent> old = lifecycle.book().get(replaced);
      if (old.isPresent() && old.get().status() == VersionStatus.SERVING && !replaced.equals(target.versionId())) {
        boolean rolledBack = replaced.equals(now.rollbackOf());
        lifecycle.transition(replaced, rolledBack ? VersionStatus.ROLLED_BACK : VersionStatus.RETIRED,
            (rolledBack ? "rolled back to " : "replaced by ") + target.versionId(), Map.of());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.errorf(e, "Could not record that %s serves", target.versionId());
    }
  }

  private void reject(VersionEvent target, String reason) {
    try {
      if (lifecycle.book().get(target.versionId()).map(v -> v.status() == VersionStatus.PROMOTED).orElse(false)) {
        lifecycle.transition(target.versionId(), VersionStatus.REJECTED, reason, Map.of());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.errorf(e, "Could not record that the swap to %s failed (%s)", target.versionId(), reason);
    }
  }

  private synchronized void markServing(String version) {
    if (servingInfo != null) {
      registry.remove(servingInfo);
    }
    servingInfo = Gauge.builder("hdc.model.serving", () -> 1).tag("version", version)
        .description("1 for the model version this instance serves").register(registry);
  }

  private double progress() {
    ModelSwap swap = running;
    return swap == null ? 0 : swap.progress();
  }

  /**
   * Index directories of versions that will not serve again (retired, rejected, rolled back) are removed: a crash
   * between a switch and the old index's clean-up leaves one behind. A retired version that is promoted again is
   * re-embedded from the catalog.
   */
  private void deleteDeadIndexes() {
    File[] dirs = Path.of(indexSettings.path()).toFile().listFiles(File::isDirectory);
    if (dirs == null) {
      return;
    }
    Set<VersionStatus> dead = Set.of(VersionStatus.RETIRED, VersionStatus.REJECTED, VersionStatus.ROLLED_BACK);
    for (File dir : dirs) {
      String name = dir.getName();
      if (name.equals(model.modelVersion())) {
        continue;
      }
      Optional<VersionEvent> v = lifecycle.book().get(name);
      if (v.isPresent() && dead.contains(v.get().status()) && Files.isDirectory(dir.toPath())) {
        LOG.infof("Deleting the index of %s model version %s at %s", v.get().status(), name, dir);
        VersionStore.deleteTree(dir.toPath());
      }
    }
  }
}
