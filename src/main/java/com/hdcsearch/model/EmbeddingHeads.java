package com.hdcsearch.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Builds the head of one level. It takes the stage output after global average pooling (a vector of the stage's
 * channels) and returns the level's raw embedding; the network L2-normalises it.
 * {@link HeadKind#LINEAR}: {@code fc(dim)}. {@link HeadKind#MLP}: {@code fc(hidden) - ReLU - fc(dim)}.
 */
public final class EmbeddingHeads {
  private EmbeddingHeads() {}

  /** A head initialised in {@code manager} (Xavier weights, zero bias) for {@code inputWidth} pooled features. */
  public static SequentialBlock create(NDManager manager, HeadKind kind, int inputWidth, int dim, int hidden) {
    SequentialBlock head = new SequentialBlock();
    if (kind == HeadKind.MLP) {
      head.add(Linear.builder().setUnits(hidden).build());
      head.add(Activation::relu);
    }
    head.add(Linear.builder().setUnits(dim).build());
    head.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    head.initialize(manager, DataType.FLOAT32, new Shape(1, inputWidth));
    return head;
  }
}
