package com.hdcsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/** The shared body of a cascade: one image batch in, one feature tensor per level out (shallow to deep). */
public interface Trunk extends AutoCloseable {

  /** Runs the trunk; result i feeds head i. Tensors are NCHW feature maps or NC vectors. */
  NDList forward(ParameterStore store, NDArray images, boolean training);

  /** Channels (or vector width) of each output, for sizing the heads. */
  int[] outputWidths();

  /** Parameters that training updates. */
  List<Parameter> parameters();

  /** Writes the trunk's state, enough to rebuild it with {@code load} of the same implementation. */
  void save(DataOutputStream out) throws IOException;

  /** Input shape the trunk was built for (without the batch axis). */
  Shape inputShape();

  @Override
  void close();
}
