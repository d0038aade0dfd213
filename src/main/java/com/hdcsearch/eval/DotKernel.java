package com.hdcsearch.eval;

/** How blocks of dot products are computed: a native matrix product or a tiled SIMD loop in Java. */
public enum DotKernel {

  /** DJL (PyTorch) {@code matMul} of a query block against the transposed targets; multithreaded BLAS. */
  DJL {
    @Override
    BlockDots open(float[][] targets) {
      return new DjlDots(targets);
    }
  },

  /** Lucene {@code VectorUtil.dotProduct} (Panama SIMD) over cache-sized tiles of targets. */
  SIMD {
    @Override
    BlockDots open(float[][] targets) {
      return new SimdDots(targets);
    }
  };

  /** The kernel that {@code EvalBench} measured fastest on 2 CPU cores. */
  public static final DotKernel DEFAULT = DJL;

  /** Prepares dot products against {@code targets} (rows already checked); the caller closes the result. */
  abstract BlockDots open(float[][] targets);
}
