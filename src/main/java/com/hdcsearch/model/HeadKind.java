package com.hdcsearch.model;

/** Shape of an embedding head on top of a globally pooled stage output. */
public enum HeadKind {
  /** One fully connected layer: pooled features to the level's embedding. */
  LINEAR,
  /** Fully connected, ReLU, fully connected: like the released code's auxiliary heads, without their conv and dropout. */
  MLP
}
