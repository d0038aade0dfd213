package com.hdcsearch.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.hdcsearch.mining.PairIndices;

/**
 * Multi-similarity loss (Wang et al., CVPR 2019) on cosine similarities S of mined ordered pairs; per anchor
 * {@code log(1 + sum_p exp(-alpha (S_ap - base))) / alpha + log(1 + sum_n exp(beta (S_an - base))) / beta}, averaged
 * over anchors that have a mined pair.
 */
public final class MultiSimilarityLoss {
  /** Defaults of the paper and PML. */
  public static final float DEFAULT_ALPHA = 2f;
  public static final float DEFAULT_BETA = 50f;
  public static final float DEFAULT_BASE = 0.5f;

  private final float alpha;
  private final float beta;
  private final float base;

  public MultiSimilarityLoss(float alpha, float beta, float base) {
    if (!(alpha > 0) || !(beta > 0)) {
      throw new IllegalArgumentException("alpha and beta must be positive, got: " + alpha + ", " + beta);
    }
    this.alpha = alpha;
    this.beta = beta;
    this.base = base;
  }

  public static MultiSimilarityLoss defaults() {
    return new MultiSimilarityLoss(DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_BASE);
  }

  public LossResult compute(NDArray embeddings, PairIndices pairs) {
    return compute(embeddings, embeddings, pairs);
  }

  /**
   * The loss of the batch's anchors against reference rows ({@code reference}: c x d, the batch itself or remembered
   * rows that carry no gradient); pairs index rows of {@code reference}.
   */
  public LossResult compute(NDArray embeddings, NDArray reference, PairIndices pairs) {
    int n = (int) embeddings.getShape().get(0);
    int c = (int) reference.getShape().get(0);
    if (pairs.size() == 0) {
      return new LossResult(Losses.zeroLike(embeddings), 0, 0);
    }
    float[] posMask = new float[n * c];
    float[] negMask = new float[n * c];
    boolean[] anchor = new boolean[n];
    int[] pa = pairs.posA();
    int[] pb = pairs.posB();
    for (int i = 0; i < pa.length; i++) {
      posMask[pa[i] * c + pb[i]] = 1;
      anchor[pa[i]] = true;
    }
    int[] na = pairs.negA();
    int[] nb = pairs.negB();
    for (int i = 0; i < na.length; i++) {
      negMask[na[i] * c + nb[i]] = 1;
      anchor[na[i]] = true;
    }
    int anchors = 0;
    for (boolean a : anchor) {
      anchors += a ? 1 : 0;
    }
    NDManager m = embeddings.getManager();
    NDArray sim = embeddings.matMul(reference.transpose());
    NDArray pos = sim.sub(base).mul(-alpha).exp().mul(m.create(posMask, new Shape(n, c))).sum(new int[] {1});
    NDArray neg = sim.sub(base).mul(beta).exp().mul(m.create(negMask, new Shape(n, c))).sum(new int[] {1});
    NDArray perAnchor = pos.add(1f).log().div(alpha).add(neg.add(1f).log().div(beta));
    return new LossResult(perAnchor.sum().div(anchors), pairs.size(), pairs.size());
  }
}
