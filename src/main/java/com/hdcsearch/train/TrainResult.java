package com.hdcsearch.train;

import com.hdcsearch.model.CascadeEmbedder;
import java.util.List;

/**
 * What a training run gives back.
 *
 * @param embedder the trained model (the caller closes it)
 * @param history every step's record
 * @param imagesPerSecond training throughput over the whole run
 * @param wallSeconds wall time of the optimisation loop (cache building excluded)
 */
public record TrainResult(CascadeEmbedder embedder, List<StepRecord> history, double imagesPerSecond,
    double wallSeconds) implements AutoCloseable {
  public TrainResult {
    history = List.copyOf(history);
  }

  /** Mean total loss over the first (or last) {@code n} steps. */
  public double meanLoss(boolean first, int n) {
    int size = history.size();
    int from = first ? 0 : Math.max(0, size - n);
    int to = first ? Math.min(n, size) : size;
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += history.get(i).loss();
    }
    return sum / Math.max(1, to - from);
  }

  @Override
  public void close() {
    embedder.close();
  }
}
