package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A cross-batch memory (Wang et al., "Cross-Batch Memory for Embedding Learning", CVPR 2020), one per level: a ring
 * of the most recent batches' embeddings and labels, detached, that the multi-similarity miner and loss see beside
 * the batch, so that an anchor meets far more negatives than its 25x4 batch holds. Embeddings drift while the
 * network trains, so the memory is read only after a warm-up; until then it only fills. The same slot holds the
 * same image at every level, so a level's pairs into the memory can be cascaded like its pairs in the batch.
 * Host arrays, not NDArrays: each step's reference is built in that step's manager and closes with it.
 */
public final class CrossBatchMemory {
  /**
   * @param size rows remembered per level (0: no memory)
   * @param warmupSteps steps before the memory is read (it fills from the first step)
   */
  public record Config(int size, int warmupSteps) {
    public static final Config NONE = new Config(0, 0);

    public Config {
      if (size < 0 || warmupSteps < 0) {
        throw new IllegalArgumentException("memory size and warm-up must be >= 0, got: " + size + ", " + warmupSteps);
      }
    }

    public boolean enabled() {
      return size > 0;
    }
  }

  private final Config config;
  private float[][] rows;
  private final int[] labels;
  private int[] dimensions;
  private int filled;
  private int next;
  private int steps;

  public CrossBatchMemory(Config config) {
    this.config = config;
    this.labels = new int[config.size()];
  }

  /** True when this step's mining and loss see the memory. */
  public boolean active() {
    return config.enabled() && steps >= config.warmupSteps() && filled > 0;
  }

  /** Remembered rows a reference holds beside the batch now (0 while inactive). */
  public int remembered() {
    return active() ? filled : 0;
  }

  /**
   * The batch's embeddings at {@code level} followed by the remembered ones (constants, in the batch's manager);
   * the batch alone while inactive.
   */
  public NDArray reference(int level, NDArray batch) {
    if (!active()) {
      return batch;
    }
    int d = dimensions[level];
    NDArray memory = batch.getManager().create(Arrays.copyOf(rows[level], filled * d), new Shape(filled, d));
    return NDArrays.concat(new NDList(batch, memory), 0);
  }

  /** The batch's labels followed by the remembered ones, in {@link #reference}'s row order. */
  public int[] referenceLabels(int[] batchLabels) {
    if (!active()) {
      return batchLabels;
    }
    int[] out = Arrays.copyOf(batchLabels, batchLabels.length + filled);
    System.arraycopy(labels, 0, out, batchLabels.length, filled);
    return out;
  }

  /** Remembers this step's embeddings (replacing the oldest once full) and counts the step. */
  public void remember(NDList levels, int[] batchLabels) {
    steps++;
    if (!config.enabled()) {
      return;
    }
    int n = batchLabels.length;
    if (rows == null) {
      rows = new float[levels.size()][];
      dimensions = new int[levels.size()];
      for (int k = 0; k < levels.size(); k++) {
        dimensions[k] = (int) levels.get(k).getShape().get(1);
        rows[k] = new float[config.size() * dimensions[k]];
      }
    }
    float[][] values = new float[levels.size()][];
    for (int k = 0; k < levels.size(); k++) {
      values[k] = levels.get(k).stopGradient().toFloatArray();
    }
    // A batch larger than the memory keeps its last rows.
    for (int i = Math.max(0, n - config.size()); i < n; i++) {
      for (int k = 0; k < levels.size(); k++) {
        int d = dimensions[k];
        System.arraycopy(values[k], i * d, rows[k], next * d, d);
      }
      labels[next] = batchLabels[i];
      next = (next + 1) % config.size();
      filled = Math.min(filled + 1, config.size());
    }
  }
}
