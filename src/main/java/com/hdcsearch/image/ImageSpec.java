package com.hdcsearch.image;

import java.util.Arrays;

/**
 * The tensor shape and normalisation that a model expects: square {@code size} x {@code size}, grey (1 channel) or RGB
 * (3 channels), each channel mapped as {@code (v / 255 - mean) / std}.
 *
 * @param size side in pixels
 * @param rgb true for 3 channels (R, G, B), false for 1 grey channel
 * @param mean per-channel mean (length 1 or 3, matching {@code rgb})
 * @param std per-channel standard deviation (length 1 or 3)
 */
public record ImageSpec(int size, boolean rgb, float[] mean, float[] std) {
  public ImageSpec {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got: " + size);
    }
    int channels = rgb ? 3 : 1;
    if (mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException(
          "mean and std need " + channels + " values, got " + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive, got: " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Grey images scaled to [-1, 1]. */
  public static ImageSpec grey(int size) {
    return new ImageSpec(size, false, new float[] {0.5f}, new float[] {0.5f});
  }

  /** RGB images scaled to [-1, 1]. */
  public static ImageSpec rgb(int size) {
    return new ImageSpec(size, true, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
  }

  public int channels() {
    return rgb ? 3 : 1;
  }

  /** Floats in one CHW tensor. */
  public int tensorLength() {
    return channels() * size * size;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageSpec other
        && size == other.size
        && rgb == other.rgb
        && Arrays.equals(mean, other.mean)
        && Arrays.equals(std, other.std);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Integer.hashCode(size) + Boolean.hashCode(rgb)) + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "ImageSpec[size=" + size + ", rgb=" + rgb + ", mean=" + Arrays.toString(mean) + ", std="
        + Arrays.toString(std) + "]";
  }
}
