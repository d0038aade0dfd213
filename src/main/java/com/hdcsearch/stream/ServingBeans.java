package com.hdcsearch.stream;

import com.hdcsearch.index.IndexSettings;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.model.Embedder;
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
   * The serving model. Until the learner's {@code EmbedderLoader} is merged there is no production embedder; the lead
   * replaces this body with {@code EmbedderLoader.load(path)} (tests provide their own Embedder bean).
   */
  @Produces
  @DefaultBean
  @Singleton
  Embedder embedder() {
    throw new IllegalStateException("No Embedder implementation is available yet: the learner's EmbedderLoader"
        + " must be wired into ServingBeans.embedder()");
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
