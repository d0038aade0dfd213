package com.hdcsearch.eval;

import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.model.Embedder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The embeddings and labels of one split, made with any {@link Embedder} in batches (decoding one batch at a time, so
 * a split never sits in memory decoded).
 *
 * @param vectors one unit-length row per image, in split order
 * @param labels the images' labels, same order
 */
public record SplitEmbedding(float[][] vectors, int[] labels) {
  /** Images decoded and embedded together. */
  public static final int DEFAULT_BATCH = 256;

  /** Embeds {@code images} with {@code embedder}. */
  public static SplitEmbedding of(Embedder embedder, List<LabelledImage> images) {
    float[][] vectors = new float[images.size()][];
    int[] labels = new int[images.size()];
    for (int start = 0; start < images.size(); start += DEFAULT_BATCH) {
      int end = Math.min(images.size(), start + DEFAULT_BATCH);
      List<BufferedImage> batch = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        LabelledImage image = images.get(i);
        try {
          batch.add(image.source().decode());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot decode " + image.id(), e);
        }
        labels[i] = image.label();
      }
      float[][] rows = embedder.embed(batch);
      System.arraycopy(rows, 0, vectors, start, rows.length);
    }
    return new SplitEmbedding(vectors, labels);
  }
}
