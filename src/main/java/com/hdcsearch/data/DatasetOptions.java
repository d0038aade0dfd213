package com.hdcsearch.data;

import java.nio.file.Path;
import java.util.List;

/**
 * How to read a data set. Options a reader does not use are ignored.
 *
 * @param root folder holding the data set in its official layout; null means the reader's default location
 * @param vendors Emoji-4V vendors to include (apple, google, twitter, facebook); empty means all
 * @param splitSeed seed of the class shuffle for seeded zero-shot splits (Emoji-4V)
 * @param skinVariants Emoji-4V: add skin-tone variants as further views of their base class
 * @param imageSize Emoji-4V: side of the square images in pixels (64 is native; others are resized)
 */
public record DatasetOptions(Path root, List<String> vendors, long splitSeed, boolean skinVariants, int imageSize) {
  public static final long DEFAULT_SPLIT_SEED = 0L;
  public static final int DEFAULT_IMAGE_SIZE = 64;

  public DatasetOptions {
    vendors = vendors == null ? List.of() : List.copyOf(vendors);
    if (imageSize < 1) {
      throw new IllegalArgumentException("imageSize must be at least 1, got: " + imageSize);
    }
  }

  /** Defaults: reader's default root, all vendors, seed 0, no skin variants, 64 px. */
  public static DatasetOptions defaults() {
    return new DatasetOptions(null, List.of(), DEFAULT_SPLIT_SEED, false, DEFAULT_IMAGE_SIZE);
  }

  public DatasetOptions withRoot(Path newRoot) {
    return new DatasetOptions(newRoot, vendors, splitSeed, skinVariants, imageSize);
  }
}
