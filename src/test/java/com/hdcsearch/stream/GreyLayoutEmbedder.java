package com.hdcsearch.stream;

import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.Embedder;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A deterministic stand-in for the learned model, for tests only: a 16-bin grey histogram and an 8x8 grid of mean grey
 * levels of the 28x28 preprocessed image, centred and L2-normalised. A real function of the pixels, so similar images
 * get similar vectors; replaced by {@code EmbedderLoader} once the learner's branch is merged.
 */
public final class GreyLayoutEmbedder implements Embedder {
  private static final int SIZE = 28;
  private static final int BINS = 16;
  private static final int GRID = 8;

  private final String version;
  private final ImagePreprocessor preprocessor = new ImagePreprocessor(ImageSpec.grey(SIZE));

  public GreyLayoutEmbedder(String version) {
    this.version = version;
  }

  @Override
  public String modelVersion() {
    return version;
  }

  @Override
  public int dimension() {
    return BINS + GRID * GRID;
  }

  @Override
  public ImageSpec imageSpec() {
    return preprocessor.spec();
  }

  @Override
  public float[][] embed(List<BufferedImage> images) {
    float[][] out = new float[images.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = embedOne(preprocessor.toTensor(images.get(i)));
    }
    return out;
  }

  private float[] embedOne(float[] pixels) {
    float[] v = new float[dimension()];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        float grey = (pixels[y * SIZE + x] + 1) / 2; // [-1, 1] back to [0, 1]
        v[Math.min(BINS - 1, (int) (grey * BINS))] += 1f / (SIZE * SIZE);
        v[BINS + (y * GRID / SIZE) * GRID + x * GRID / SIZE] += grey / ((SIZE * SIZE) / (GRID * GRID));
      }
    }
    double sq = 0;
    for (float f : v) {
      sq += f * f;
    }
    float inv = (float) (1 / Math.sqrt(sq));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private volatile boolean closed;

  /** True after {@link #close()}: a retired model. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
