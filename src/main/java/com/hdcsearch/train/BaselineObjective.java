package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.hdcsearch.loss.ContrastiveLoss;
import com.hdcsearch.loss.LossResult;
import com.hdcsearch.loss.MultiSimilarityLoss;
import com.hdcsearch.loss.Reducer;
import com.hdcsearch.loss.TripletMarginLoss;
import com.hdcsearch.mining.CosineSimilarity;
import com.hdcsearch.mining.MultiSimilarityMiner;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.mining.SemiHardTripletMiner;
import com.hdcsearch.mining.SquaredEuclideanDistance;
import com.hdcsearch.mining.TripletIndices;
import java.util.List;

/**
 * The one-level baselines on the network's last level: contrastive on all pairs (HDC's loss, same margin and
 * negative factor, so that only the cascade differs), semi-hard triplet, or multi-similarity.
 */
public final class BaselineObjective implements Objective {
  private final Method method;
  private final ContrastiveLoss contrastive;
  private final SemiHardTripletMiner tripletMiner = new SemiHardTripletMiner(TripletMarginLoss.DEFAULT_MARGIN);
  private final TripletMarginLoss triplet = new TripletMarginLoss(TripletMarginLoss.DEFAULT_MARGIN,
      Reducer.nonZeroMean());
  private final MultiSimilarityMiner msMiner = new MultiSimilarityMiner(MultiSimilarityMiner.DEFAULT_EPSILON);
  private final MultiSimilarityLoss ms = MultiSimilarityLoss.defaults();
  private final CrossBatchMemory memory;

  public BaselineObjective(TrainConfig config) {
    if (config.method() == Method.HDC) {
      throw new IllegalArgumentException("HDC is not a baseline; use HdcObjective");
    }
    this.method = config.method();
    this.memory = new CrossBatchMemory(config.memory());
    this.contrastive = ContrastiveLoss.of(config.pairDistance(), config.positiveMargin(), config.margin(),
        config.negativeFactor(), config.reduction());
  }

  @Override
  public Output compute(NDList levels, int[] labels) {
    int last = levels.size() - 1;
    NDArray e = levels.get(last);
    int n = labels.length;
    LossResult r;
    int seen;
    switch (method) {
      case CONTRASTIVE -> {
        PairIndices all = PairIndices.allPairs(labels);
        seen = all.size();
        r = contrastive.compute(e, all);
      }
      case TRIPLET -> {
        float[] d = new SquaredEuclideanDistance().matrix(e.stopGradient()).sqrt().toFloatArray();
        TripletIndices t = tripletMiner.mine(d, n, labels);
        seen = PairIndices.allPairs(labels).positives() * 2;
        r = triplet.compute(e, t);
      }
      case MS -> {
        float[] s = new CosineSimilarity().matrix(e.stopGradient()).toFloatArray();
        PairIndices mined = msMiner.mine(s, n, labels);
        seen = n * (n - 1);
        r = ms.compute(e, mined);
        if (memory.active()) {
          // The XBM term: the same loss and miner, anchors against the remembered rows (constants).
          NDArray remembered = memory.rows(0, e.getManager());
          int[] rememberedLabels = memory.labels();
          PairIndices minedMemory = msMiner.mineAgainst(
              e.stopGradient().matMul(remembered.transpose()).toFloatArray(), n, labels, rememberedLabels);
          LossResult m = ms.compute(e, remembered, minedMemory);
          r = new LossResult(r.loss().add(m.loss()), r.terms() + m.terms(), r.nonZero() + m.nonZero());
          seen += n * rememberedLabels.length;
        }
        // The last level only, remembered as the memory's one level.
        memory.remember(new NDList(e), labels);
      }
      default -> throw new IllegalStateException("not a baseline: " + method);
    }
    return new Output(r.loss(), List.of(new LevelStats(last, seen, r.terms(), r.nonZeroShare(),
        r.loss().getFloat())));
  }
}
