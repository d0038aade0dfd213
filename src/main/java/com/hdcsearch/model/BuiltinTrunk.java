package com.hdcsearch.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in CPU trunk: three stages, each {@code conv3x3(pad 1, no bias) - BatchNorm - ReLU - conv3x3(pad 1, no
 * bias) - BatchNorm - ReLU - maxpool 2x2 (stride 2)}, with 32, 64 and 128 channels. A 64x64 input gives stage outputs
 * of 32x32x32, 64x16x16 and 128x8x8 (the pool: {@link MaxPool2x2}). Weights start from He (Kaiming) normal initialisation, BatchNorm from 1/0.
 */
public final class BuiltinTrunk implements Trunk {
  /** Channels of the three stages. */
  public static final int[] STAGE_CHANNELS = {32, 64, 128};
  private static final int KERNEL = 3;
  /** He initialisation: Gaussian with variance 2 / fan-in, right for ReLU networks. */
  private static final float HE_MAGNITUDE = 2f;

  private final List<SequentialBlock> stages;
  private final Shape inputShape;

  private BuiltinTrunk(List<SequentialBlock> stages, Shape inputShape) {
    this.stages = stages;
    this.inputShape = inputShape;
  }

  /** Builds and initialises the trunk (convolutions without bias) from the engine's current random state. */
  public static BuiltinTrunk create(NDManager manager, int channels, int size) {
    return create(manager, channels, size, false);
  }

  /**
   * As {@link #create(NDManager, int, int)}; {@code convBias} gives every convolution a bias (zero at the start), as
   * PyTorch's Conv2d has by default and the peer anchors' network had. Before a BatchNorm a bias changes nothing the
   * network computes in training, but it is a parameter Adam updates, so the option matches the reference exactly.
   */
  public static BuiltinTrunk create(NDManager manager, int channels, int size, boolean convBias) {
    Shape input = new Shape(channels, size, size);
    List<SequentialBlock> stages = new ArrayList<>();
    Shape shape = new Shape(1, channels, size, size);
    for (int c : STAGE_CHANNELS) {
      SequentialBlock stage = stage(c, convBias);
      stage.setInitializer(
          new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, HE_MAGNITUDE),
          Parameter.Type.WEIGHT);
      stage.initialize(manager, DataType.FLOAT32, shape);
      shape = stage.getOutputShapes(new Shape[] {shape})[0];
      stages.add(stage);
    }
    return new BuiltinTrunk(stages, input);
  }

  /** Rebuilds a saved trunk: same structure, then the saved parameters and BatchNorm statistics. */
  public static BuiltinTrunk load(NDManager manager, int channels, int size, boolean convBias, DataInputStream in)
      throws IOException {
    BuiltinTrunk trunk = create(manager, channels, size, convBias);
    try {
      for (SequentialBlock stage : trunk.stages) {
        stage.loadParameters(manager, in);
      }
    } catch (MalformedModelException e) {
      throw new IOException("trunk parameters do not match the built-in trunk", e);
    }
    return trunk;
  }

  private static SequentialBlock stage(int channels, boolean convBias) {
    SequentialBlock block = new SequentialBlock();
    for (int i = 0; i < 2; i++) {
      block.add(Conv2d.builder().setKernelShape(new Shape(KERNEL, KERNEL)).optPadding(new Shape(1, 1))
          .setFilters(channels).optBias(convBias).build());
      block.add(BatchNorm.builder().build());
      block.add(Activation::relu);
    }
    block.add(MaxPool2x2.block());
    return block;
  }

  @Override
  public NDList forward(ParameterStore store, NDArray images, boolean training) {
    NDList outputs = new NDList(stages.size());
    NDList x = new NDList(images);
    for (SequentialBlock stage : stages) {
      x = stage.forward(store, x, training);
      outputs.add(x.singletonOrThrow());
    }
    return outputs;
  }

  @Override
  public int[] outputWidths() {
    return STAGE_CHANNELS.clone();
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> params = new ArrayList<>();
    for (SequentialBlock stage : stages) {
      stage.getParameters().forEach(p -> params.add(p.getValue()));
    }
    return params;
  }

  @Override
  public void save(DataOutputStream out) throws IOException {
    for (SequentialBlock stage : stages) {
      stage.saveParameters(out);
    }
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public void close() {
    // Parameters live in the network's manager, which closes them.
  }
}
