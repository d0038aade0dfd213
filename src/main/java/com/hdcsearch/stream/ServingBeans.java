package com.hdcsearch.stream;

import com.hdcsearch.index.IndexSettings;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.model.ModelSettings;
import com.hdcsearch.model.TorchThreads;
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
   * The serving model: the checkpoint named by {@code hdc.model.checkpoint}, else the untrained built-in network
   * from {@code hdc.model.seed} (tests replace this bean with their own).
   */
  @Produces
  @DefaultBean
  @Singleton
  Embedder embedder(ModelSettings settings) {
    TorchThreads.configure();
    if (settings.checkpoint().isPresent()) {
      Path dir = Path.of(settings.checkpoint().get());
      try {
        Embedder loaded = EmbedderLoader.load(dir);
        LOG.infof("Serving model %s from checkpoint %s", loaded.modelVersion(), dir);
        return loaded;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the checkpoint at " + dir + ": " + e.getMessage(), e);
      }
    }
    ImageSpec spec = settings.rgb() ? ImageSpec.rgb(settings.imageSize()) : ImageSpec.grey(settings.imageSize());
    Embedder untrained = EmbedderLoader.untrained(spec, settings.seed());
    LOG.infof("Serving the untrained built-in network %s (%s); set hdc.model.checkpoint to serve a trained one",
        untrained.modelVersion(), spec);
    return untrained;
  }

  @Produces
  @Singleton
  ServingModel servingModel(Embedder embedder) {
    return new ServingModel(embedder);
  }

  void closeModel(@Disposes ServingModel model) {
    model.close();
  }

  @Produces
  @Singleton
  PipelineMetrics pipelineMetrics(MeterRegistry registry) {
    return new PipelineMetrics(registry);
  }

  @Produces
  @Singleton
  ImageDecoding imageDecoding(StreamSettings settings) {
    return new SharedImageDecoding(settings.maxImageBytes(), settings.maxImagePixels());
  }

  /** The index of the serving model's version, in its own directory under {@code hdc.index.path}. */
  @Produces
  @Singleton
  ServingIndex servingIndex(IndexSettings settings, ServingModel model, MeterRegistry registry) {
    Embedder embedder = model.embedder();
    Path dir = Path.of(settings.path(), embedder.modelVersion());
    try {
      VectorIndex index = VectorIndex.open(FSDirectory.open(dir), embedder.modelVersion(), embedder.dimension(),
          settings.hnsw());
      LOG.infof("Serving index of model %s at %s: %d items", embedder.modelVersion(), dir, index.size());
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
