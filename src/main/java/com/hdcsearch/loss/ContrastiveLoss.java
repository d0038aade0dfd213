package com.hdcsearch.loss;

import ai.djl.ndarray.NDArray;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.mining.SquaredEuclideanDistance;

/**
 * The contrastive loss on a distance {@code x} of normalised embeddings: a positive pair costs
 * {@code max(0, x - positiveMargin)}, a negative pair {@code negativeFactor * max(0, margin - x)}; the sums go through
 * the reduction. Two recipes: the released HDC code's ({@link #hdcDefaults()}: x = d2, positive margin 0, the whole
 * sum divided by the pairs with non-zero loss) and pytorch-metric-learning's ({@link #pml()}: x = d, positive margin
 * 0, negative margin 1, positives and negatives each averaged over their non-zero pairs, then added).
 */
public final class ContrastiveLoss {
  public static final float DEFAULT_MARGIN = 1f;
  /**
   * The released code weighs negatives 10x. Training defaults use 1 (TrainConfig.DEFAULT_NEGATIVE_FACTOR): measured
   * better on Emoji-4V; {@link #hdcDefaults()} keeps the released value.
   */
  public static final float DEFAULT_NEGATIVE_FACTOR = 10f;
  /** d = sqrt(max(d2, this)): the square root's gradient stays finite for two identical embeddings. */
  private static final float SQRT_FLOOR = 1e-12f;

  private final PairDistance pairDistance;
  private final float positiveMargin;
  private final float margin;
  private final float negativeFactor;
  /** Null for {@link LossReduction#SEPARATE_NON_ZERO_MEAN}, which reduces the two sums itself. */
  private final Reducer reducer;
  private final boolean separate;
  private final SquaredEuclideanDistance distance = new SquaredEuclideanDistance();

  /** The released code's form: squared distance, no positive margin. */
  public ContrastiveLoss(float margin, float negativeFactor, Reducer reducer) {
    this(PairDistance.SQUARED, 0f, margin, negativeFactor, reducer, false);
  }

  private ContrastiveLoss(PairDistance pairDistance, float positiveMargin, float margin, float negativeFactor,
      Reducer reducer, boolean separate) {
    if (!(margin > 0) || !(negativeFactor > 0)) {
      throw new IllegalArgumentException(
          "margin and negativeFactor must be positive, got: " + margin + ", " + negativeFactor);
    }
    if (!(positiveMargin >= 0) || !(positiveMargin < margin)) {
      throw new IllegalArgumentException("positive margin must be in [0, margin " + margin + "), got: "
          + positiveMargin);
    }
    this.pairDistance = pairDistance;
    this.positiveMargin = positiveMargin;
    this.margin = margin;
    this.negativeFactor = negativeFactor;
    this.reducer = reducer;
    this.separate = separate;
  }

  /** Any combination of the options. */
  public static ContrastiveLoss of(PairDistance pairDistance, float positiveMargin, float margin,
      float negativeFactor, LossReduction reduction) {
    boolean separate = reduction == LossReduction.SEPARATE_NON_ZERO_MEAN;
    return new ContrastiveLoss(pairDistance, positiveMargin, margin, negativeFactor,
        separate ? null : reduction.reducer(), separate);
  }

  /** Margin 1, negative factor 10, non-zero mean, on d2. */
  public static ContrastiveLoss hdcDefaults() {
    return new ContrastiveLoss(DEFAULT_MARGIN, DEFAULT_NEGATIVE_FACTOR, Reducer.nonZeroMean());
  }

  /** pytorch-metric-learning's ContrastiveLoss with its defaults: d, margins 0 and 1, separate non-zero means. */
  public static ContrastiveLoss pml() {
    return of(PairDistance.EUCLIDEAN, 0f, 1f, 1f, LossReduction.SEPARATE_NON_ZERO_MEAN);
  }

  public float margin() {
    return margin;
  }

  public float negativeFactor() {
    return negativeFactor;
  }

  public PairDistance pairDistance() {
    return pairDistance;
  }

  /** Loss of the given pairs of the embedding rows. */
  public LossResult compute(NDArray embeddings, PairIndices pairs) {
    if (pairs.size() == 0) {
      return new LossResult(Losses.zeroLike(embeddings), 0, 0);
    }
    NDArray posSum = null;
    NDArray negSum = null;
    int posNonZero = 0;
    int negNonZero = 0;
    if (pairs.positives() > 0) {
      NDArray pos = pairValues(embeddings, pairs.posA(), pairs.posB());
      if (positiveMargin > 0) {
        pos = pos.sub(positiveMargin).maximum(0f);
      }
      posNonZero = Losses.countNonZero(pos);
      posSum = pos.sum();
    }
    if (pairs.negatives() > 0) {
      NDArray x = pairValues(embeddings, pairs.negA(), pairs.negB());
      NDArray neg = x.neg().add(margin).maximum(0f).mul(negativeFactor);
      negNonZero = Losses.countNonZero(neg);
      negSum = neg.sum();
    }
    int nonZero = posNonZero + negNonZero;
    NDArray loss;
    if (separate) {
      NDArray p = posSum == null ? null : posSum.div(Math.max(1, posNonZero));
      NDArray n = negSum == null ? null : negSum.div(Math.max(1, negNonZero));
      loss = p == null ? n : n == null ? p : p.add(n);
    } else {
      NDArray sum = posSum == null ? negSum : negSum == null ? posSum : posSum.add(negSum);
      loss = reducer.reduce(sum, pairs.size(), nonZero);
    }
    return new LossResult(loss, pairs.size(), nonZero);
  }

  private NDArray pairValues(NDArray embeddings, int[] a, int[] b) {
    NDArray d2 = distance.pairs(embeddings, a, b);
    return pairDistance == PairDistance.SQUARED ? d2 : d2.maximum(SQRT_FLOOR).sqrt();
  }
}
