package com.hdcsearch.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trunk from a TorchScript file whose {@code forward(images)} returns a tuple or list with one tensor per level
 * (feature maps NCHW or vectors NC), shallow to deep: e.g. a GoogLeNet cut at inception_4a, inception_4d and the final
 * pool. Its parameters are trained like the built-in trunk's.
 */
public final class TorchScriptTrunk implements Trunk {
  private final PtSymbolBlock block;
  private final Shape inputShape;
  private final int[] widths;

  private TorchScriptTrunk(PtSymbolBlock block, Shape inputShape, NDManager manager) {
    this.block = block;
    this.inputShape = inputShape;
    // Touch the parameters once here: PtSymbolBlock creates their arrays lazily, and they must belong to the model.
    // A module read back from a checkpoint may come without requires_grad; training needs it on every parameter.
    for (Parameter p : parameters()) {
      if (!p.getArray().hasGradient()) {
        p.getArray().setRequiresGradient(true);
      }
    }
    try (NDManager probe = manager.newSubManager()) {
      NDList out = block.forward(new ParameterStore(probe, false), new NDList(probe.zeros(inputShape)), false);
      widths = new int[out.size()];
      for (int i = 0; i < out.size(); i++) {
        widths[i] = (int) out.get(i).getShape().get(1);
      }
    }
  }

  /** Loads a TorchScript file with trainable parameters into {@code manager}. */
  public static TorchScriptTrunk open(NDManager manager, Path file, int channels, int size) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("TorchScript trunk file not found: " + file);
    }
    PtSymbolBlock block = JniUtils.loadModule((PtNDManager) manager, file, true, new String[0], new String[0], true);
    return new TorchScriptTrunk(block, new Shape(1, channels, size, size), manager);
  }

  /** Reads a trunk written by {@link #save}. */
  public static TorchScriptTrunk load(NDManager manager, int channels, int size, DataInputStream in)
      throws IOException {
    PtSymbolBlock block = new PtSymbolBlock((PtNDManager) manager);
    try {
      block.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("not a saved TorchScript trunk", e);
    }
    return new TorchScriptTrunk(block, new Shape(1, channels, size, size), manager);
  }

  @Override
  public NDList forward(ParameterStore store, NDArray images, boolean training) {
    return block.forward(store, new NDList(images), training);
  }

  @Override
  public int[] outputWidths() {
    return widths.clone();
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> params = new ArrayList<>();
    block.getParameters().forEach(p -> params.add(p.getValue()));
    return params;
  }

  @Override
  public void save(DataOutputStream out) throws IOException {
    block.saveParameters(out);
  }

  @Override
  public Shape inputShape() {
    return inputShape.slice(1);
  }

  @Override
  public void close() {
    block.close();
  }
}
