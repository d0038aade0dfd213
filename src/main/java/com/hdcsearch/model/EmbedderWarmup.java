package com.hdcsearch.model;

import org.jboss.logging.Logger;

/**
 * Runs a model once on blank input of each batch size it will see, before it takes traffic: libtorch sets up its
 * thread pool and per-shape kernels on a shape's first forward, which would otherwise land on the first live batch
 * (a fresh service's first items) or the first query.
 */
public final class EmbedderWarmup {
  private static final Logger LOG = Logger.getLogger(EmbedderWarmup.class);

  private EmbedderWarmup() {}

  /** Embeds {@code batchSizes} blank images each; returns the milliseconds it took. */
  public static long warmUp(Embedder embedder, int... batchSizes) {
    long start = System.nanoTime();
    int len = embedder.imageSpec().tensorLength();
    for (int n : batchSizes) {
      if (n < 1) {
        throw new IllegalArgumentException("batch sizes must be at least 1, got: " + n);
      }
      embedder.embedTensors(new float[n * len], n);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    LOG.infof("Warmed up model %s on batches of %s images in %d ms", embedder.modelVersion(),
        java.util.Arrays.toString(batchSizes), ms);
    return ms;
  }
}
