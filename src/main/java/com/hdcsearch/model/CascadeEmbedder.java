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

/** {@link Embedder} over a {@link CascadeNetwork}: weighted concatenation of the levels, unit length. */
public final class CascadeEmbedder implements Embedder {
  /** Images per forward pass: bounds native memory for large requests. */
  public static final int MAX_BATCH = 256;

  private final CascadeNetwork network;
  private final String version;
  private final ImagePreprocessor preprocessor;
  /** Guarded by this: a retired model must fail clearly, not touch freed native memory. */
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
    int len = imageSpec().tensorLength();
    float[] tensors = new float[images.size() * len];
    for (int i = 0; i < images.size(); i++) {
      preprocessor.toTensor(images.get(i), tensors, i * len);
    }
    return embedTensors(tensors, images.size());
  }

  /** Embeds already preprocessed CHW tensors laid end to end (what training caches hold). */
  public float[][] embedTensors(float[] tensors, int count) {
    return embedTensors(tensors, count, network.config().levelWeights());
  }

  /** As {@link #embedTensors(float[], int)} with other level weights, e.g. {@code {0, 0, 1}} for the last level. */
  public synchronized float[][] embedTensors(float[] tensors, int count, float[] levelWeights) {
    if (closed) {
      throw new IllegalStateException("model " + version + " is closed (retired); embed with the serving model");
    }
    // Inference on a stream or request thread: no autograd graph (it is on by default on any thread but DJL's first).
    TorchGradMode.offOnThisThread();
    ImageSpec spec = imageSpec();
    int len = spec.tensorLength();
    if (tensors.length < (long) count * len) {
      throw new IllegalArgumentException("need " + count + " tensors of " + len + " floats, got " + tensors.length);
    }
    float[][] out = new float[count][];
    for (int start = 0; start < count; start += MAX_BATCH) {
      int n = Math.min(MAX_BATCH, count - start);
      float[] chunk = new float[n * len];
      System.arraycopy(tensors, start * len, chunk, 0, n * len);
      try (NDManager batch = network.manager().newSubManager()) {
        NDArray x = batch.create(chunk, new Shape(n, spec.channels(), spec.size(), spec.size()));
        NDList levels = network.forward(x, false);
        List<float[]> rows = new ArrayList<>(levels.size());
        for (NDArray level : levels) {
          rows.add(level.toFloatArray());
        }
        float[][] part = network.concatenate(rows, n, levelWeights);
        System.arraycopy(part, 0, out, start, n);
      }
    }
    return out;
  }

  /** The network, for training code that shares it. */
  public CascadeNetwork network() {
    return network;
  }

  /** Whether {@link #close()} has run: the model is retired and its native memory freed. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Frees the network's native memory; idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      network.close();
    }
  }
}
