package com.hdcsearch.model;

/** Shape of the embedding heads on top of the stage outputs. */
public enum HeadKind {
  /** One fully connected layer on the globally average-pooled stage output. */
  LINEAR,
  /** Fully connected, ReLU, fully connected on the pooled output (the released code's auxiliary heads, no conv/dropout). */
  MLP,
  /**
   * The released code's layout: every level but the deepest keeps a spatial grid (average pool to 4×4, 1×1 conv to
   * 64 channels, ReLU, fc on the flattened grid; its fc 1024 and dropout left out), the deepest level is linear on the
   * global average, as its level 3 is. A shallow stage's global average is a few dozen numbers of where-less texture;
   * the grid keeps where things are. The baselines embed with the deepest level, so they train the same head either way.
   */
  SPATIAL,
  /**
   * Every level with {@link #SPATIAL}'s grid head, the deepest too: the single-level baselines' counterpart of
   * {@code SPATIAL} under an equal tuning budget (their one level gets the grid the cascade's shallow levels get).
   */
  SPATIAL_ALL
}
