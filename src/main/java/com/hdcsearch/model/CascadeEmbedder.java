package com.hdcsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link Embedder} over a {@link CascadeNetwork}: weighted concatenation of the levels, unit length. Embeds from any
 * number of threads at once (inference reads the weights only; each call scopes its arrays in its own sub-manager):
 * only {@link #close()} excludes them, so a retired model never runs on freed native memory.
 */
public final class CascadeEmbedder implements Embedder {
  /** Images per forward pass: bounds native memory for large requests. */
  public static final int MAX_BATCH = 256;

  private final CascadeNetwork network;
  private final String version;
  private final ImagePreprocessor preprocessor;
  /** Embeds hold the read lock, {@link #close()} the write lock: parallel embeds, none during or after close. */
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  /** Guarded by {@link #lifecycle}: a retired model must fail clearly, not touch freed native memory. */
  private boolean closed;

  /** Takes ownership of {@code network}. */
  public CascadeEmbedder(CascadeNetwork network, String version) {
    this.network = network;
    this.version = version;
    this.preprocessor = new ImagePreprocessor(network.config().spec());
  }

  @Override
  public String modelVersion() {
    return version;
  }

  @Override
  public int dimension() {
    return network.config().dimension();
  }

  @Override
  public ImageSpec imageSpec() {
    return network.config().spec();
  }

  @Override
  public float[][] embed(List<BufferedImage> images) {
    return embedTensors(preprocessor.toTensors(images), images.size());
  }

  /** Embeds already preprocessed CHW tensors laid end to end (what training caches and ingest hold). */
  @Override
  public float[][] embedTensors(float[] tensors, int count) {
    return embedTensors(tensors, count, network.config().levelWeights());
  }

  /** As {@link #embedTensors(float[], int)} with other level weights, e.g. {@code {0, 0, 1}} for the last level. */
  public float[][] embedTensors(float[] tensors, int count, float[] levelWeights) {
    ImageSpec spec = imageSpec();
    int len = spec.tensorLength();
    if (count < 0 || tensors.length < (long) count * len) {
      throw new IllegalArgumentException("need " + count + " tensors of " + len + " floats, got " + tensors.length);
    }
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("model " + version + " is closed (retired); embed with the serving model");
      }
      // Inference on a stream or request thread: no autograd graph (it is on by default on any thread but DJL's
      // first).
      TorchGradMode.offOnThisThread();
      float[][] out = new float[count][];
      for (int start = 0; start < count; start += MAX_BATCH) {
        int n = Math.min(MAX_BATCH, count - start);
        embedChunk(tensors, start, n, spec, levelWeights, out);
      }
      return out;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void embedChunk(float[] tensors, int start, int n, ImageSpec spec, float[] levelWeights, float[][] out) {
    int len = spec.tensorLength();
    try (NDManager batch = network.manager().newSubManager()) {
      Shape shape = new Shape(n, spec.channels(), spec.size(), spec.size());
      NDArray x;
      if (start == 0 && tensors.length == n * len) {
        x = batch.create(tensors, shape); // the whole input is this chunk: no host copy
      } else {
        x = batch.create(java.nio.FloatBuffer.wrap(tensors, start * len, n * len), shape);
      }
      NDList levels = network.forward(x, false);
      List<float[]> rows = new ArrayList<>(levels.size());
      for (NDArray level : levels) {
        rows.add(level.toFloatArray());
      }
      float[][] part = network.concatenate(rows, n, levelWeights);
      System.arraycopy(part, 0, out, start, n);
    }
  }

  /** The network, for training code that shares it. */
  public CascadeNetwork network() {
    return network;
  }

  /** Whether {@link #close()} has run: the model is retired and its native memory freed. */
  public boolean isClosed() {
    lifecycle.readLock().lock();
    try {
      return closed;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Frees the network's native memory once the embeds under way have ended; idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        network.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
