package com.hdcsearch.stream;

import com.hdcsearch.index.IndexSettings;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.model.EmbedderWarmup;
import com.hdcsearch.online.OnlineSettings;
import com.hdcsearch.online.TrainingFeed;
import com.hdcsearch.serving.LocalServing;
import com.hdcsearch.serving.ServingModel;
import com.hdcsearch.versions.ModelLifecycle;
import com.hdcsearch.versions.VersionBook;
import com.hdcsearch.versions.VersionEvent;
import java.util.Optional;
import com.hdcsearch.model.ModelSettings;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.metrics.MetricsSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.lucene.store.FSDirectory;
import org.jboss.logging.Logger;

/** The serving side's shared parts: model, index, metrics and image decoding. */
@ApplicationScoped
public class ServingBeans {
  private static final Logger LOG = Logger.getLogger(ServingBeans.class);

  /**
   * The serving model, as {@code model.versions} says: the version that serves (or, after a crash in the middle of
   * a swap, the one that served before it: the swap resumes once the pipeline runs). A cluster with no version yet
   * (first start) serves {@code hdc.model.checkpoint}, else the untrained built-in network from
   * {@code hdc.model.seed}, registered as its first version with a new unique id. A configured checkpoint that the
   * registry has not seen yet replaces the serving version at boot (its index is back-filled from the catalog).
   */
  @Produces
  @DefaultBean
  @Singleton
  Embedder embedder(ModelSettings settings, ModelLifecycle lifecycle, ThreadBudget budget, StreamSettings stream,
      LocalServing local) {
    TorchThreads.configureDefault(budget.torch());
    Optional<LocalServing.Early> early = local.early();
    Embedder serving = early.isPresent() ? loadLocal(early.get()) : loadServing(settings, lifecycle, local);
    // Before ingest and lookups start: a fresh service's first items must not pay for libtorch's first forwards.
    EmbedderWarmup.warmUp(serving, 1, stream.batchSize());
    return serving;
  }

  /** The version this instance served before its restart, from its own saved weights (no Kafka needed). */
  private static Embedder loadLocal(LocalServing.Early early) {
    try {
      CascadeEmbedder loaded = EmbedderLoader.load(early.checkpoint());
      LOG.infof("Serving model %s from %s (this instance's record; model.versions is read in the background)",
          early.version(), early.checkpoint());
      return loaded.modelVersion().equals(early.version()) ? loaded
          : new CascadeEmbedder(loaded.network(), early.version());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the serving model: " + e.getMessage(), e);
    }
  }

  private Embedder loadServing(ModelSettings settings, ModelLifecycle lifecycle, LocalServing local) {
    VersionBook book = lifecycle.book();
    try {
      Optional<Registered> imported = bootstrapConfigured(settings, lifecycle);
      if (imported.isPresent()) {
        local.chose(lifecycle.store().checkpointOf(imported.get().event()));
        return imported.get().embedder();
      }
      Optional<VersionEvent> serving = book.serving();
      if (serving.isPresent()) {
        CascadeEmbedder loaded = lifecycle.store().load(serving.get());
        local.chose(lifecycle.store().checkpointOf(serving.get()));
        LOG.infof("Serving model %s from %s (model.versions)", loaded.modelVersion(), serving.get().checkpoint());
        return loaded;
      }
      Registered first = bootstrapUntrained(settings, lifecycle);
      local.chose(lifecycle.store().checkpointOf(first.event()));
      return first.embedder();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the serving model: " + e.getMessage(), e);
    }
  }

  /**
   * After an early start, once {@code model.versions} is read: registers what a boot that waited for Kafka would
   * have registered (a configured checkpoint it has not seen yet, or a first version when none serves), so that the
   * swap controller moves this instance to it; nothing when the registry already has what this boot needs.
   */
  public void registerBootVersion(ModelSettings settings, ModelLifecycle lifecycle) throws IOException {
    Optional<Registered> imported = bootstrapConfigured(settings, lifecycle);
    if (imported.isPresent()) {
      imported.get().embedder().close();
    } else if (lifecycle.book().serving().isEmpty()) {
      bootstrapUntrained(settings, lifecycle).embedder().close();
    }
  }

  /** A version registered at boot and its embedder, which carries the new id. */
  private record Registered(VersionEvent event, CascadeEmbedder embedder) {}

  /** A configured checkpoint the registry has not seen yet becomes the serving version; empty otherwise. */
  private static Optional<Registered> bootstrapConfigured(ModelSettings settings, ModelLifecycle lifecycle)
      throws IOException {
    if (settings.checkpoint().isEmpty()) {
      return Optional.empty();
    }
    Path dir = Path.of(settings.checkpoint().get()).toAbsolutePath();
    String source = ModelLifecycle.importSource(dir);
    boolean seen = lifecycle.book().versions().stream()
        .anyMatch(v -> v.reason() != null && v.reason().contains(source));
    if (seen) {
      return Optional.empty();
    }
    CascadeEmbedder loaded = EmbedderLoader.load(dir);
    VersionEvent event = lifecycle.bootstrap(loaded, "configured checkpoint " + source, source);
    LOG.infof("Serving model %s: checkpoint %s (its manifest version %s)", event.versionId(), dir,
        loaded.modelVersion());
    return Optional.of(new Registered(event, new CascadeEmbedder(loaded.network(), event.versionId())));
  }

  /** The untrained built-in network from {@code hdc.model.seed} becomes the first version, with a new unique id. */
  private static Registered bootstrapUntrained(ModelSettings settings, ModelLifecycle lifecycle)
      throws IOException {
    ImageSpec spec = settings.rgb() ? ImageSpec.rgb(settings.imageSize()) : ImageSpec.grey(settings.imageSize());
    CascadeEmbedder untrained = EmbedderLoader.untrained(spec, settings.seed());
    String source = "untrained built-in network, seed " + settings.seed() + ", " + spec;
    VersionEvent event = lifecycle.bootstrap(untrained, "first version: " + source, source);
    LOG.infof("Serving the %s as model %s; the online trainer fine-tunes it from the stream", source,
        event.versionId());
    return new Registered(event, new CascadeEmbedder(untrained.network(), event.versionId()));
  }

  /** How the cores are split between ingest, the online trainer and the index (logged once at boot). */
  @Produces
  @Singleton
  ThreadBudget threadBudget(ThreadSettings settings, OnlineSettings online) {
    ThreadBudget budget = ThreadBudget.of(settings, Runtime.getRuntime().availableProcessors(), online.enabled());
    LOG.infof("Thread budget: %s", budget);
    return budget;
  }

  /** The serving model and, during a swap, the incoming one. */
  @Produces
  @Singleton
  ServingModel servingModel(Embedder embedder, ServingIndex index) {
    return new ServingModel(embedder, index.current().indexId());
  }

  void closeModel(@Disposes ServingModel model) {
    model.close();
  }

  /** No online training unless a trainer bean (the online package) takes the feed. */
  @Produces
  @DefaultBean
  @Singleton
  TrainingFeed noTraining() {
    return TrainingFeed.NONE;
  }

  @Produces
  @Singleton
  PipelineMetrics pipelineMetrics(MeterRegistry registry, MetricsSettings metricsSettings) {
    return new PipelineMetrics(registry, metricsSettings.kafkaRefresh());
  }

  @Produces
  @Singleton
  ImageDecoding imageDecoding(StreamSettings settings) {
    return new SharedImageDecoding(settings.maxImageBytes(), settings.maxImagePixels());
  }

  /** The index of the serving model's version, in its own directory under {@code hdc.index.path}. */
  @Produces
  @Singleton
  ServingIndex servingIndex(IndexSettings settings, Embedder embedder, MeterRegistry registry, LocalServing local) {
    Path dir = Path.of(settings.path(), embedder.modelVersion());
    try {
      VectorIndex index = VectorIndex.open(FSDirectory.open(dir), embedder.modelVersion(), embedder.dimension(),
          settings.hnsw());
      LOG.infof("Serving index of model %s at %s: %d items", embedder.modelVersion(), dir, index.size());
      local.recordBoot(index);
      ServingIndex serving = new ServingIndex(index);
      Gauge.builder("hdc.index.size", serving, ServingBeans::sizeOrZero).description("searchable items")
          .register(registry);
      return serving;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the index at " + dir, e);
    }
  }

  void closeIndex(@Disposes ServingIndex serving) {
    serving.close();
  }

  private static double sizeOrZero(ServingIndex serving) {
    try (ServingIndex.Lease lease = serving.acquire()) {
      return lease.index().size();
    } catch (RuntimeException closed) {
      return 0;
    }
  }
}
