package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.hdcsearch.loss.ContrastiveLoss;
import com.hdcsearch.loss.LossResult;
import com.hdcsearch.mining.CascadeMiner;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.mining.SquaredEuclideanDistance;
import java.util.ArrayList;
import java.util.List;

/**
 * HDC: every level mines its hard pairs (cascade or independent) from its own distances and pays the contrastive
 * loss on them; the levels' losses are summed with weight 1, and all flow into the shared trunk.
 */
public final class HdcObjective implements Objective {
  private final CascadeMiner miner;
  private final ContrastiveLoss loss;
  private final SquaredEuclideanDistance distance = new SquaredEuclideanDistance();
  private final double[] lossWeights;

  public HdcObjective(TrainConfig config) {
    this(new CascadeMiner(config.keepRatios(), config.mining()),
        ContrastiveLoss.of(config.pairDistance(), config.positiveMargin(), config.margin(),
        config.negativeFactor(), config.reduction()),
        config.levelLossWeights());
  }

  public HdcObjective(CascadeMiner miner, ContrastiveLoss loss) {
    this(miner, loss, null);
  }

  /** {@code lossWeights}: each level's loss weight in training, or null for all 1 (the paper). */
  public HdcObjective(CascadeMiner miner, ContrastiveLoss loss, double[] lossWeights) {
    this.miner = miner;
    this.loss = loss;
    this.lossWeights = lossWeights == null ? null : lossWeights.clone();
  }

  /** The pairs each level keeps for this batch (mining only, no loss). */
  public List<CascadeMiner.Mined> mine(NDList levels, int[] labels) {
    if (levels.size() != miner.levels()) {
      throw new IllegalArgumentException("miner has " + miner.levels() + " levels, network gave " + levels.size());
    }
    List<float[]> distances = new ArrayList<>(levels.size());
    for (NDArray level : levels) {
      // Mining ranks pairs; it must not be part of the graph.
      distances.add(distance.matrix(level.stopGradient()).toFloatArray());
    }
    return miner.mine(distances, labels.length, PairIndices.allPairs(labels));
  }

  @Override
  public Output compute(NDList levels, int[] labels) {
    List<CascadeMiner.Mined> mined = mine(levels, labels);
    NDArray total = null;
    List<LevelStats> stats = new ArrayList<>(levels.size());
    for (int k = 0; k < levels.size(); k++) {
      PairIndices kept = mined.get(k).kept();
      LossResult r = loss.compute(levels.get(k), kept);
      NDArray weighted = lossWeights == null || lossWeights[k] == 1.0 ? r.loss() : r.loss().mul((float) lossWeights[k]);
      total = total == null ? weighted : total.add(weighted);
      stats.add(new LevelStats(k, mined.get(k).seen(), kept.size(), r.nonZeroShare(), r.loss().getFloat()));
    }
    return new Output(total, stats);
  }
}
