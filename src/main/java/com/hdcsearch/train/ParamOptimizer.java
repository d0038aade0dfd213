package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum or Adam over parameter groups with their own learning-rate multipliers (trunk 1x, heads 10x).
 * State arrays are made up front in the model's manager, so a step creates nothing that outlives it: callers run
 * {@link #step} inside a per-step scope. Zeroes the gradients after updating (PyTorch accumulates them).
 */
public final class ParamOptimizer {
  private static final float ADAM_BETA1 = 0.9f;
  private static final float ADAM_BETA2 = 0.999f;
  private static final float ADAM_EPS = 1e-8f;

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
