package com.hdcsearch.train;

import com.hdcsearch.image.ImageSpec;
import java.util.SplittableRandom;

/**
 * Light, seeded augmentation on preprocessed CHW tensors: a random resized crop (area share in [minScale, 1], aspect
 * ratio in [3/4, 4/3], bilinear back to full size) and an optional horizontal flip. Used in training only.
 */
public final class Augmenter {
  /** Aspect-ratio range of torchvision's RandomResizedCrop. */
  private static final double MIN_ASPECT = 3.0 / 4;
  private static final double MAX_ASPECT = 4.0 / 3;

  private final ImageSpec spec;
  private final double minScale;
  private final boolean flip;
  /** Not final: {@link #reseed} restarts the stream, so a resumed run can rebuild it from its step count. */
  private SplittableRandom random;

  public Augmenter(ImageSpec spec, double minScale, boolean flip, long seed) {
    if (!(minScale > 0 && minScale <= 1)) {
      throw new IllegalArgumentException("minScale must be in (0, 1], got: " + minScale);
    }
    this.spec = spec;
    this.minScale = minScale;
    this.flip = flip;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Restarts the random stream from {@code seed}, as if newly made with it. An online trainer reseeds once per step
   * from (seed, step), so its augmentation state is its step count and survives a save and restore.
   */
  public void reseed(long seed) {
    random = new SplittableRandom(seed);
  }

  /** Writes an augmented copy of {@code src[srcOffset..]} into {@code dst[dstOffset..]}. */
  public void apply(float[] src, int srcOffset, float[] dst, int dstOffset) {
    int size = spec.size();
    double area = minScale + random.nextDouble() * (1 - minScale);
    double logRatio = Math.log(MIN_ASPECT) + random.nextDouble() * (Math.log(MAX_ASPECT) - Math.log(MIN_ASPECT));
    double ratio = Math.exp(logRatio);
    double w = Math.min(size, size * Math.sqrt(area * ratio));
    double h = Math.min(size, size * Math.sqrt(area / ratio));
    double x0 = random.nextDouble() * (size - w);
    double y0 = random.nextDouble() * (size - h);
    boolean mirror = flip && random.nextBoolean();
    int plane = size * size;
    for (int c = 0; c < spec.channels(); c++) {
      int base = srcOffset + c * plane;
      for (int y = 0; y < size; y++) {
        double sy = y0 + (y + 0.5) * h / size - 0.5;
        int yi = clamp((int) Math.floor(sy), size);
        int yj = clamp(yi + 1, size);
        double fy = Math.min(1, Math.max(0, sy - yi));
        for (int x = 0; x < size; x++) {
          int xo = mirror ? size - 1 - x : x;
          double sx = x0 + (xo + 0.5) * w / size - 0.5;
          int xi = clamp((int) Math.floor(sx), size);
          int xj = clamp(xi + 1, size);
          double fx = Math.min(1, Math.max(0, sx - xi));
          double top = src[base + yi * size + xi] * (1 - fx) + src[base + yi * size + xj] * fx;
          double bottom = src[base + yj * size + xi] * (1 - fx) + src[base + yj * size + xj] * fx;
          dst[dstOffset + c * plane + y * size + x] = (float) (top * (1 - fy) + bottom * fy);
        }
      }
    }
  }

  private static int clamp(int v, int size) {
    return Math.max(0, Math.min(size - 1, v));
  }
}
