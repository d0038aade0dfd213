package com.hdcsearch.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.hdcsearch.model.TorchThreads;

/** Block dot products as one DJL {@code matMul} per block; every block's arrays live in a closed sub-manager. */
final class DjlDots implements BlockDots {

  private final NDManager manager;
  private final NDArray targetsTransposed;
  private final int targets;
  private final int dim;

  DjlDots(float[][] targetRows) {
    this.targets = targetRows.length;
    this.dim = targetRows[0].length;
    // The first tensor may start the engine: its thread pools must be set before (training reproducibility
    // depends on the intra-op count, and DJL reads it only once).
    TorchThreads.configure();
    this.manager = NDManager.newBaseManager();
    try {
      NDArray rows = manager.create(Vectors.flatten(targetRows, 0, targets), new Shape(targets, dim));
      // A transposed view: BLAS reads it as (dim x targets) without a copy.
      this.targetsTransposed = rows.transpose();
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  @Override
  public float[] dots(float[][] queries, int from, int to) {
    try (NDManager block = manager.newSubManager()) {
      NDArray q = block.create(Vectors.flatten(queries, from, to), new Shape(to - from, dim));
      NDArray products = q.matMul(targetsTransposed);
      products.attach(block);
      return products.toFloatArray();
    }
  }

  @Override
  public int targets() {
    return targets;
  }

  @Override
  public void close() {
    manager.close();
  }
}
