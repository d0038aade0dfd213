package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/** Mining plus loss over a batch's per-level embeddings: the part of a step that differs between methods. */
public interface Objective {

  /** The loss to minimise and per-level statistics; arrays belong to the embeddings' manager. */
  Output compute(NDList levels, int[] labels);

  /**
   * @param loss scalar, differentiable
   * @param levels statistics of the levels that were trained
   */
  record Output(NDArray loss, List<LevelStats> levels) {}

  /** The objective of {@code config.method()}. */
  static Objective of(TrainConfig config) {
    return config.method() == Method.HDC ? new HdcObjective(config) : new BaselineObjective(config);
  }
}
