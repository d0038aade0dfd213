package com.hdcsearch.model;

import com.hdcsearch.image.ImageSpec;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A model version that turns images into unit-length embeddings: what the serving side (stream embedder, search API,
 * evaluation) needs from the learner. Implementations hold native memory: close them.
 */
public interface Embedder extends AutoCloseable {

  /** Version id of the model; stored with every vector so that two versions are never compared. */
  String modelVersion();

  /** Length of every embedding (the concatenation of all levels). */
  int dimension();

  /** The input tensor shape and normalisation the model was trained with. */
  ImageSpec imageSpec();

  /**
   * Embeds a batch of decoded images, in order. Each row has {@link #dimension()} floats and unit L2 norm. Safe to call
   * from several threads at once.
   */
  float[][] embed(List<BufferedImage> images);

  /**
   * Embeds {@code count} images already turned into {@link #imageSpec()} tensors (CHW, laid end to end), so that a
   * caller who embeds one batch with two models of the same spec preprocesses it once. Same rows as {@link #embed}.
   */
  float[][] embedTensors(float[] tensors, int count);

  @Override
  void close();
}
