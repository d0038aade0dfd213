package com.hdcsearch.loss;

import ai.djl.ndarray.NDArray;
import com.hdcsearch.mining.Distance;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.mining.SquaredEuclideanDistance;

/**
 * The contrastive loss of the released HDC code, on squared distances d2 of normalised embeddings: a positive pair
 * costs {@code d2}, a negative pair {@code negativeFactor * max(0, margin - d2)}; the sum goes through the reducer
 * (by default divided by the number of pairs with non-zero loss).
 */
public final class ContrastiveLoss {
  public static final float DEFAULT_MARGIN = 1f;
  /**
   * The released code weighs negatives 10x. Training defaults use 1 (TrainConfig.DEFAULT_NEGATIVE_FACTOR): measured
   * better on Emoji-4V; {@link #hdcDefaults()} keeps the released value.
   */
  public static final float DEFAULT_NEGATIVE_FACTOR = 10f;

  private final float margin;
  private final float negativeFactor;
  private final Reducer reducer;
  private final Distance distance = new SquaredEuclideanDistance();

  public ContrastiveLoss(float margin, float negativeFactor, Reducer reducer) {
    if (!(margin > 0) || !(negativeFactor > 0)) {
      throw new IllegalArgumentException(
          "margin and negativeFactor must be positive, got: " + margin + ", " + negativeFactor);
    }
    this.margin = margin;
    this.negativeFactor = negativeFactor;
    this.reducer = reducer;
  }

  /** Margin 1, negative factor 10, non-zero mean. */
  public static ContrastiveLoss hdcDefaults() {
    return new ContrastiveLoss(DEFAULT_MARGIN, DEFAULT_NEGATIVE_FACTOR, Reducer.nonZeroMean());
  }

  public float margin() {
    return margin;
  }

  public float negativeFactor() {
    return negativeFactor;
  }

  /** Loss of the given pairs of the embedding rows. */
  public LossResult compute(NDArray embeddings, PairIndices pairs) {
    if (pairs.size() == 0) {
      return new LossResult(Losses.zeroLike(embeddings), 0, 0);
    }
    NDArray sum = null;
    int nonZero = 0;
    if (pairs.positives() > 0) {
      NDArray pos = distance.pairs(embeddings, pairs.posA(), pairs.posB());
      nonZero += Losses.countNonZero(pos);
      sum = pos.sum();
    }
    if (pairs.negatives() > 0) {
      NDArray d2 = distance.pairs(embeddings, pairs.negA(), pairs.negB());
      NDArray neg = d2.neg().add(margin).maximum(0f).mul(negativeFactor);
      nonZero += Losses.countNonZero(neg);
      sum = sum == null ? neg.sum() : sum.add(neg.sum());
    }
    return new LossResult(reducer.reduce(sum, pairs.size(), nonZero), pairs.size(), nonZero);
  }
}
