package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SGD with momentum or Adam over parameter groups with their own learning-rate multipliers (trunk 1x, heads 10x).
 * State arrays are made up front in the model's manager, so a step creates nothing that outlives it: callers run
 * {@link #step} inside a per-step scope. Zeroes the gradients after updating (PyTorch accumulates them).
 * {@link #save} and {@link #load} carry the moments and the step count, so that a resumed run updates exactly as an
 * uninterrupted one would.
 */
public final class ParamOptimizer {
  private static final float ADAM_BETA1 = 0.9f;
  private static final float ADAM_BETA2 = 0.999f;
  private static final float ADAM_EPS = 1e-8f;
  /** First int of a state file ("HDCO"), then {@link #STATE_VERSION}. */
  private static final int STATE_MAGIC = 0x4844_434F;
  private static final int STATE_VERSION = 1;

  private final OptimizerKind kind;
  private final float momentum;
  private final float weightDecay;
  private final List<Slot> slots = new ArrayList<>();
  private int steps;

  private record Slot(NDArray weight, float lrMultiplier, NDArray first, NDArray second) {}

  public ParamOptimizer(OptimizerKind kind, float momentum, float weightDecay) {
    this.kind = kind;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  /** Adds trainable parameters (those that take a gradient) with a learning-rate multiplier. */
  public ParamOptimizer addGroup(List<Parameter> params, float lrMultiplier) {
    for (Parameter p : params) {
      NDArray w = p.getArray();
      if (!p.requiresGradient() || !w.hasGradient()) {
        continue; // BatchNorm running statistics
      }
      NDArray first = w.zerosLike();
      NDArray second = kind == OptimizerKind.ADAM ? w.zerosLike() : null;
      slots.add(new Slot(w, lrMultiplier, first, second));
    }
    return this;
  }

  public int parameterCount() {
    return slots.size();
  }

  /** Updates taken so far (Adam's bias correction depends on it). */
  public int steps() {
    return steps;
  }

  /**
   * Writes the step count and every moment array, in parameter order, to {@code file} (through a temporary file, so
   * an interrupted save leaves the previous file intact).
   */
  public void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(STATE_MAGIC);
      out.writeInt(STATE_VERSION);
      out.writeUTF(kind.name());
      out.writeInt(steps);
      out.writeInt(slots.size());
      for (Slot s : slots) {
        long[] shape = s.weight.getShape().getShape();
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        writeFloats(out, s.first);
        if (s.second != null) {
          writeFloats(out, s.second);
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads a state written by {@link #save} of an optimizer of the same kind over parameters of the same shapes, in the
   * same order; nothing changes unless the whole file matches.
   */
  public void load(Path file) throws IOException {
    try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      int magic = in.readInt();
      int version = in.readInt();
      if (magic != STATE_MAGIC || version != STATE_VERSION) {
        throw new IOException("not an optimizer state (version " + STATE_VERSION + "): " + file);
      }
      String savedKind = in.readUTF();
      if (!kind.name().equals(savedKind)) {
        throw new IllegalArgumentException("state in " + file + " is for " + savedKind + ", this optimizer is " + kind);
      }
      int savedSteps = in.readInt();
      int count = in.readInt();
      if (count != slots.size()) {
        throw new IllegalArgumentException("state in " + file + " has " + count + " parameters, this optimizer has "
            + slots.size());
      }
      List<float[]> moments = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Slot s = slots.get(i);
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        Shape expected = s.weight.getShape();
        if (!expected.equals(new Shape(shape))) {
          throw new IllegalArgumentException("parameter " + i + ": saved shape " + Arrays.toString(shape)
              + " differs from " + expected);
        }
        moments.add(readFloats(in, expected.size()));
        if (s.second != null) {
          moments.add(readFloats(in, expected.size()));
        }
      }
      int m = 0;
      for (Slot s : slots) {
        s.first.set(FloatBuffer.wrap(moments.get(m++)));
        if (s.second != null) {
          s.second.set(FloatBuffer.wrap(moments.get(m++)));
        }
      }
      steps = savedSteps;
    }
  }

  private static void writeFloats(DataOutputStream out, NDArray array) throws IOException {
    if (array.getDataType() != DataType.FLOAT32) {
      throw new IllegalStateException("moments must be float32, got: " + array.getDataType());
    }
    for (float v : array.toFloatArray()) {
      out.writeFloat(v);
    }
  }

  private static float[] readFloats(DataInputStream in, long count) throws IOException {
    float[] values = new float[Math.toIntExact(count)];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }

  /**
   * True when every gradient is finite, judged by the sum of all of them (one reduction per parameter, one host
   * read; gradients so large that their sum overflows count as not finite too). A single NaN or infinity that reached
   * the update would poison Adam's moments, and through them every weight, for good.
   */
  public boolean gradientsFinite(NDManager scratch) {
    NDArray total = null;
    for (Slot s : slots) {
      NDArray grad = s.weight.getGradient();
      grad.attach(scratch);
      NDArray sum = grad.sum();
      total = total == null ? sum : total.add(sum);
    }
    return total == null || Float.isFinite(total.getFloat());
  }

  /** Drops this step's gradients without an update (zeroed: a NaN survives the usual subtraction). */
  public void discardGradients(NDManager scratch) {
    for (Slot s : slots) {
      NDArray grad = s.weight.getGradient();
      grad.attach(scratch);
      grad.set(java.nio.FloatBuffer.wrap(new float[Math.toIntExact(grad.size())]));
    }
  }

  /** One update with trunk rate {@code lr}; temporaries go to {@code scratch}. */
  public void step(float lr, NDManager scratch) {
    steps++;
    float bias1 = (float) (1 - Math.pow(ADAM_BETA1, steps));
    float bias2 = (float) (1 - Math.pow(ADAM_BETA2, steps));
    for (Slot s : slots) {
      NDArray grad = s.weight.getGradient();
      grad.attach(scratch);
      NDArray g = weightDecay == 0 ? grad : grad.add(s.weight.mul(weightDecay));
      float rate = lr * s.lrMultiplier;
      if (kind == OptimizerKind.SGD) {
        s.first.muli(momentum).addi(g);
        s.weight.subi(s.first.mul(rate));
      } else {
        s.first.muli(ADAM_BETA1).addi(g.mul(1 - ADAM_BETA1));
        s.second.muli(ADAM_BETA2).addi(g.square().mul(1 - ADAM_BETA2));
        NDArray denom = s.second.div(bias2).sqrt().add(ADAM_EPS);
        s.weight.subi(s.first.div(bias1).div(denom).mul(rate));
      }
      grad.subi(grad);
    }
  }
}
