package com.hdcsearch.loss;

import ai.djl.ndarray.NDArray;
import com.hdcsearch.mining.SquaredEuclideanDistance;
import com.hdcsearch.mining.TripletIndices;

/** Triplet margin loss on Euclidean distances: {@code max(0, d(a,p) - d(a,n) + margin)}, mean over non-zero triplets. */
public final class TripletMarginLoss {
  /** FaceNet's margin, on unit-length embeddings. */
  public static final float DEFAULT_MARGIN = 0.2f;
  /** Keeps sqrt differentiable at d2 = 0. */
  private static final float SQRT_EPS = 1e-8f;

  private final float margin;
  private final Reducer reducer;
  private final SquaredEuclideanDistance distance = new SquaredEuclideanDistance();

  public TripletMarginLoss(float margin, Reducer reducer) {
    if (!(margin > 0)) {
      throw new IllegalArgumentException("margin must be positive, got: " + margin);
    }
    this.margin = margin;
    this.reducer = reducer;
  }

  public LossResult compute(NDArray embeddings, TripletIndices t) {
    if (t.size() == 0) {
      return new LossResult(Losses.zeroLike(embeddings), 0, 0);
    }
    NDArray dap = distance.pairs(embeddings, t.anchors(), t.positives()).add(SQRT_EPS).sqrt();
    NDArray dan = distance.pairs(embeddings, t.anchors(), t.negatives()).add(SQRT_EPS).sqrt();
    NDArray per = dap.sub(dan).add(margin).maximum(0f);
    int nonZero = Losses.countNonZero(per);
    return new LossResult(reducer.reduce(per.sum(), t.size(), nonZero), t.size(), nonZero);
  }
}
