package com.hdcsearch.train;

/** Update rule. */
public enum OptimizerKind {
  /** SGD with (PyTorch-style) momentum and L2 weight decay, as in the released HDC code. */
  SGD,
  /** Adam with L2 weight decay added to the gradient (PyTorch's Adam, not AdamW). */
  ADAM
}
