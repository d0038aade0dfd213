package com.hdcsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;

/**
 * Max pooling over 2x2 windows with stride 2 (no padding, odd edges dropped). Without autograd (inference: ingest,
 * lookups by image, held-out scoring) it is two element-wise maxima of strided views, first of each pair of rows, then
 * of each pair of columns: exactly the values of libtorch's {@code max_pool2d}, whose CPU kernel on NCHW tensors also
 * writes an index per output and does not vectorise. Measured here (one thread, 32 images of 32x28x28) the pool took
 * 5.1 ms against 1.1 ms for the maxima, more than a 3x3 convolution of the same maps. While autograd records
 * (training), libtorch's pool runs: through the maxima a train-peer step's forward took 455 ms instead of 606 but its
 * backward (a full-size scatter per strided view) 1,570 ms instead of 1,086.
 */
final class MaxPool2x2 {
  /** The block's name, as DJL's own max-pool block has it (a saved trunk's structure does not change). */
  static final String NAME = "maxPool2d";
  private static final NDIndex TOP_ROWS = new NDIndex(":, :, :, 0, :");
  private static final NDIndex BOTTOM_ROWS = new NDIndex(":, :, :, 1, :");
  private static final NDIndex LEFT_COLUMNS = new NDIndex(":, :, :, :, 0");
  private static final NDIndex RIGHT_COLUMNS = new NDIndex(":, :, :, :, 1");

  private static final Shape WINDOW = new Shape(2, 2);
  private static final Shape NO_PADDING = new Shape(0, 0);

  private MaxPool2x2() {}

  /**
   * A parameter-free block: libtorch's pool while autograd records (training), else {@link #apply(NDArray)}. (Not
   * {@code NDArray.hasGradient()}: DJL's PyTorch engine answers false for every array but a leaf.)
   */
  static Block block() {
    return new LambdaBlock(inputs -> {
      NDArray x = inputs.singletonOrThrow();
      return new NDList(TorchGradMode.isOn() ? Pool.maxPool2d(x, WINDOW, WINDOW, NO_PADDING, false) : apply(x));
    }, NAME);
  }

  /**
   * Pools an {@code (N, C, H, W)} array to {@code (N, C, H / 2, W / 2)}, rounding down as a pool of stride 2 does. The
   * intermediate arrays belong to {@code x}'s manager.
   */
  static NDArray apply(NDArray x) {
    Shape s = x.getShape();
    if (s.dimension() != 4) {
      throw new IllegalArgumentException("max pool 2x2 needs an (N, C, H, W) array, got shape " + s);
    }
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2) / 2;
    long w = s.get(3) / 2;
    if (h == 0 || w == 0) {
      throw new IllegalArgumentException("max pool 2x2 needs at least 2x2 maps, got shape " + s);
    }
    NDArray even = s.get(2) == 2 * h && s.get(3) == 2 * w ? x : x.get(new NDIndex().addAllDim(2)
        .addSliceDim(0, 2 * h).addSliceDim(0, 2 * w));
    // Rows 2i and 2i+1 are adjacent in memory: a view (N, C, H/2, 2, W) separates them without a copy.
    NDArray rows = even.reshape(n, c, h, 2, 2 * w);
    NDArray rowMax = rows.get(TOP_ROWS).maximum(rows.get(BOTTOM_ROWS));
    NDArray pairs = rowMax.reshape(n, c, h, w, 2);
    return pairs.get(LEFT_COLUMNS).maximum(pairs.get(RIGHT_COLUMNS));
  }
}
