package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.hdcsearch.loss.ContrastiveLoss;
import com.hdcsearch.loss.LossResult;
import com.hdcsearch.loss.MultiSimilarityLoss;
import com.hdcsearch.mining.CascadeMiner;
import com.hdcsearch.mining.CosineSimilarity;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.mining.MultiSimilarityMiner;
import com.hdcsearch.mining.PairIndices;
import com.hdcsearch.mining.SquaredEuclideanDistance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * HDC: every level mines its hard pairs (cascade or independent) from its own distances and pays the contrastive
 * loss on them; the levels' losses are summed with weight 1, and all flow into the shared trunk. With
 * {@link LevelLoss#MS} every level instead mines with the multi-similarity miner and pays the multi-similarity loss
 * (the {@code ms} baseline's, per level); in cascade mining a level keeps only the pairs its miner finds among the
 * pairs the previous level kept.
 */
public final class HdcObjective implements Objective {
  private final CascadeMiner miner;
  private final ContrastiveLoss loss;
  private final SquaredEuclideanDistance distance = new SquaredEuclideanDistance();
  private final double[] lossWeights;
  private final LevelLoss levelLoss;
  private final MultiSimilarityMiner msMiner = new MultiSimilarityMiner(MultiSimilarityMiner.DEFAULT_EPSILON);
  private final MultiSimilarityLoss ms = MultiSimilarityLoss.defaults();
  private final CrossBatchMemory memory;

  public HdcObjective(TrainConfig config) {
    this(new CascadeMiner(config.keepRatios(), config.mining(), config.keepAllPositives()),
        ContrastiveLoss.of(config.pairDistance(), config.positiveMargin(), config.margin(),
        config.negativeFactor(), config.reduction()),
        config.levelLossWeights(), config.levelLoss(), config.memory());
  }

  public HdcObjective(CascadeMiner miner, ContrastiveLoss loss) {
    this(miner, loss, null);
  }

  /** {@code lossWeights}: each level's loss weight in training, or null for all 1 (the paper). */
  public HdcObjective(CascadeMiner miner, ContrastiveLoss loss, double[] lossWeights) {
    this(miner, loss, lossWeights, LevelLoss.CONTRASTIVE);
  }

  /**
   * {@code levelLoss} {@link LevelLoss#MS}: the miner's variant decides cascade or independent, its keep ratios are
   * not used, and {@code loss} is not used.
   */
  public HdcObjective(CascadeMiner miner, ContrastiveLoss loss, double[] lossWeights, LevelLoss levelLoss) {
    this(miner, loss, lossWeights, levelLoss, CrossBatchMemory.Config.NONE);
  }

  /** As above, with a cross-batch memory per level (multi-similarity levels only). */
  public HdcObjective(CascadeMiner miner, ContrastiveLoss loss, double[] lossWeights, LevelLoss levelLoss,
      CrossBatchMemory.Config memory) {
    if (memory.enabled() && levelLoss != LevelLoss.MS) {
      throw new IllegalArgumentException("a cross-batch memory needs the multi-similarity level loss (levelLoss=ms)");
    }
    this.memory = new CrossBatchMemory(memory);
    this.miner = miner;
    this.loss = loss;
    this.lossWeights = lossWeights == null ? null : lossWeights.clone();
    this.levelLoss = levelLoss == null ? LevelLoss.CONTRASTIVE : levelLoss;
  }

  /** The pairs each level keeps for this batch (mining only, no loss). */
  public List<CascadeMiner.Mined> mine(NDList levels, int[] labels) {
    if (levels.size() != miner.levels()) {
      throw new IllegalArgumentException("miner has " + miner.levels() + " levels, network gave " + levels.size());
    }
    if (levelLoss == LevelLoss.MS) {
      return mineMultiSimilarity(levels, labels);
    }
    List<float[]> distances = new ArrayList<>(levels.size());
    for (NDArray level : levels) {
      // Mining ranks pairs; it must not be part of the graph.
      distances.add(distance.matrix(level.stopGradient()).toFloatArray());
    }
    return miner.mine(distances, labels.length, PairIndices.allPairs(labels));
  }

  /**
   * Multi-similarity mining per level (ordered pairs, as the MS baseline mines them). Cascade variants: a level keeps
   * the pairs its miner finds that the previous level kept; the last level of {@code cascade_full_last} and every
   * level of {@code independent} keep what their miner finds in the whole batch.
   */
  private List<CascadeMiner.Mined> mineMultiSimilarity(NDList levels, int[] labels) {
    int n = labels.length;
    List<float[]> sims = new ArrayList<>(levels.size());
    for (NDArray level : levels) {
      sims.add(new CosineSimilarity().matrix(level.stopGradient()).toFloatArray());
    }
    return cascade(sims, n, n, n * (n - 1), s -> msMiner.mine(s, n, labels));
  }

  /**
   * Each level's pairs between the batch's anchors and the remembered rows ({@code remembered}, one array per level),
   * mined and cascaded like the batch's (the same slot is the same image at every level).
   */
  private List<CascadeMiner.Mined> mineMemory(NDList levels, int[] labels, List<NDArray> remembered) {
    int n = labels.length;
    int[] rememberedLabels = memory.labels();
    List<float[]> sims = new ArrayList<>(levels.size());
    for (int k = 0; k < levels.size(); k++) {
      sims.add(levels.get(k).stopGradient().matMul(remembered.get(k).transpose()).toFloatArray());
    }
    return cascade(sims, n, rememberedLabels.length, n * rememberedLabels.length,
        s -> msMiner.mineAgainst(s, n, labels, rememberedLabels));
  }

  /**
   * Cascade variants: a level keeps the pairs its miner finds that the previous level kept; the last level of
   * {@code cascade_full_last} and every level of {@code independent} keep what their miner finds.
   */
  private List<CascadeMiner.Mined> cascade(List<float[]> sims, int n, int columns, int all,
      Function<float[], PairIndices> levelMiner) {
    MiningVariant variant = miner.variant();
    List<CascadeMiner.Mined> out = new ArrayList<>(sims.size());
    PairIndices previous = null;
    for (int k = 0; k < sims.size(); k++) {
      PairIndices found = levelMiner.apply(sims.get(k));
      boolean restrict = previous != null && variant != MiningVariant.INDEPENDENT
          && !(variant == MiningVariant.CASCADE_FULL_LAST && k == sims.size() - 1);
      int seen = restrict ? previous.size() : all;
      PairIndices kept = restrict ? intersect(found, previous, n, columns) : found;
      out.add(new CascadeMiner.Mined(seen, kept));
      previous = kept;
    }
    return out;
  }

  /** The pairs of {@code a} (in its order) that are also in {@code b}; pairs index n rows x {@code columns}. */
  static PairIndices intersect(PairIndices a, PairIndices b, int n, int columns) {
    boolean[] inB = new boolean[n * columns];
    int[] ba = b.posA();
    int[] bb = b.posB();
    for (int i = 0; i < ba.length; i++) {
      inB[ba[i] * columns + bb[i]] = true;
    }
    ba = b.negA();
    bb = b.negB();
    for (int i = 0; i < ba.length; i++) {
      inB[ba[i] * columns + bb[i]] = true;
    }
    return a.select(positions(a.posA(), a.posB(), inB, columns), positions(a.negA(), a.negB(), inB, columns));
  }

  private static int[] positions(int[] x, int[] y, boolean[] member, int n) {
    int[] out = new int[x.length];
    int c = 0;
    for (int i = 0; i < x.length; i++) {
      if (member[x[i] * n + y[i]]) {
        out[c++] = i;
      }
    }
    return Arrays.copyOf(out, c);
  }

  @Override
  public Output compute(NDList levels, int[] labels) {
    List<CascadeMiner.Mined> mined = mine(levels, labels);
    // Read once per step: the same constants serve the memory's mining and its loss.
    List<NDArray> remembered = null;
    List<CascadeMiner.Mined> minedMemory = null;
    if (levelLoss == LevelLoss.MS && memory.active()) {
      remembered = new ArrayList<>(levels.size());
      for (int k = 0; k < levels.size(); k++) {
        remembered.add(memory.rows(k, levels.get(k).getManager()));
      }
      minedMemory = mineMemory(levels, labels, remembered);
    }
    NDArray total = null;
    List<LevelStats> stats = new ArrayList<>(levels.size());
    for (int k = 0; k < levels.size(); k++) {
      NDArray e = levels.get(k);
      PairIndices kept = mined.get(k).kept();
      LossResult r = levelLoss == LevelLoss.MS ? ms.compute(e, kept) : loss.compute(e, kept);
      NDArray levelTotal = r.loss();
      int seen = mined.get(k).seen();
      int keptPairs = kept.size();
      if (minedMemory != null) {
        // The XBM term: the same loss, anchors against the remembered rows (constants: no gradient into them).
        PairIndices keptMemory = minedMemory.get(k).kept();
        levelTotal = levelTotal.add(ms.compute(e, remembered.get(k), keptMemory).loss());
        seen += minedMemory.get(k).seen();
        keptPairs += keptMemory.size();
      }
      NDArray weighted = lossWeights == null || lossWeights[k] == 1.0 ? levelTotal : levelTotal.mul((float) lossWeights[k]);
      total = total == null ? weighted : total.add(weighted);
      stats.add(new LevelStats(k, seen, keptPairs, r.nonZeroShare(), levelTotal.getFloat()));
    }
    // After the loss: this batch meets the remembered rows from the next step on, never itself twice.
    memory.remember(levels, labels);
    return new Output(total, stats);
  }
}
