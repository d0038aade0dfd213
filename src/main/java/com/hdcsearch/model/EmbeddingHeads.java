package com.hdcsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Builds the head of one level; it returns the level's raw embedding, which the network L2-normalises.
 * {@link HeadKind#LINEAR}: {@code fc(dim)} on the globally average-pooled stage output. {@link HeadKind#MLP}:
 * {@code fc(hidden) - ReLU - fc(dim)} on it. {@link HeadKind#SPATIAL}, for a level that is not the deepest: on the
 * stage output itself (NCHW), {@code adaptive avg pool 4x4 - conv1x1(64) - ReLU - flatten - fc(dim)}; see
 * {@link #takesGrid}. {@link HeadKind#SPATIAL_ALL}: that grid head at every level.
 */
public final class EmbeddingHeads {
  /** Side of the grid a spatial head pools its stage to (the released code's 5x5/3 pool of a 14x14 map gives 4x4). */
  static final int GRID = 4;
  /** Channels of a spatial head's 1x1 conv. */
  static final int SPATIAL_CHANNELS = 64;

  private EmbeddingHeads() {}

  /** Whether the head of {@code level} (of {@code levels}) takes the NCHW stage output rather than its global average. */
  public static boolean takesGrid(HeadKind kind, int level, int levels) {
    return kind == HeadKind.SPATIAL_ALL || (kind == HeadKind.SPATIAL && level < levels - 1);
  }

  /**
   * A head initialised in {@code manager} (Xavier weights, zero bias) for a stage of {@code inputWidth} channels; a
   * level where {@link #takesGrid} is false gets the pooled vector, the others the stage's NCHW output.
   */
  public static SequentialBlock create(
      NDManager manager, HeadKind kind, boolean grid, int inputWidth, int dim, int hidden) {
    SequentialBlock head = new SequentialBlock();
    Shape input = new Shape(1, inputWidth);
    if (grid) {
      head.add(new LambdaBlock(EmbeddingHeads::poolToGrid, "gridPool"));
      head.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(SPATIAL_CHANNELS).build());
      head.add(Activation::relu);
      head.add(Blocks.batchFlattenBlock());
      input = new Shape(1, inputWidth, GRID, GRID);
    } else if (kind == HeadKind.MLP) {
      head.add(Linear.builder().setUnits(hidden).build());
      head.add(Activation::relu);
    }
    head.add(Linear.builder().setUnits(dim).build());
    head.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    head.initialize(manager, DataType.FLOAT32, input);
    return head;
  }

  private static NDList poolToGrid(NDList in) {
    NDArray x = in.singletonOrThrow();
    if (x.getShape().dimension() != 4) {
      throw new IllegalArgumentException("a spatial head needs an NCHW stage output, got shape " + x.getShape()
          + ": a trunk whose levels are vectors needs head=linear");
    }
    // PyTorch's adaptive pooling (bins of floor/ceil bounds) handles stages whose side is not a multiple of 4, such as
    // Fashion-MNIST's 14x14 and 7x7; DJL exposes it only through the engine.
    return new NDList(JniUtils.adaptiveAvgPool((PtNDArray) x, new Shape(GRID, GRID)));
  }
}
