package com.hdcsearch.image;

/**
 * Upper bounds that an encoded image must respect before it is decoded: the encoded size and the pixel count that its
 * header declares. They keep one hostile or broken upload (a decompression bomb) from exhausting the heap.
 *
 * @param maxBytes largest accepted encoded size in bytes
 * @param maxPixels largest accepted width x height
 */
public record ImageLimits(long maxBytes, long maxPixels) {
  /** 32 MiB: far above any catalog photo, far below the heap. */
  public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

  /** 40 megapixels: a full-frame camera photo; decoded as ARGB it takes 160 MB. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  public ImageLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got: " + maxBytes);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, got: " + maxPixels);
    }
  }

  /** {@link #DEFAULT_MAX_BYTES} and {@link #DEFAULT_MAX_PIXELS}. */
  public static ImageLimits defaults() {
    return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
  }
}
