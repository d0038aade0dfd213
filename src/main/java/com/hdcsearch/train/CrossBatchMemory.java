package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A cross-batch memory (Wang et al., "Cross-Batch Memory for Embedding Learning", CVPR 2020), one per level: a ring
 * of the most recent batches' embeddings and labels, detached. The multi-similarity objectives add a second term per
 * level: the batch's anchors against the remembered rows, mined and paid like the batch's own pairs (as the XBM
 * authors' code adds it), so that an anchor meets far more negatives than its 25x4 batch holds. Embeddings drift while the
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
  private float[][] values;
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

  /** The remembered embeddings of {@code level}, m x d constants in {@code manager} (m = {@link #remembered}). */
  public NDArray rows(int level, NDManager manager) {
    if (!active()) {
      throw new IllegalStateException("the memory is not read yet");
    }
    int d = dimensions[level];
    return manager.create(Arrays.copyOf(values[level], filled * d), new Shape(filled, d));
  }

  /** The labels of the remembered rows, in {@link #rows}' order. */
  public int[] labels() {
    return Arrays.copyOf(labels, filled);
  }

  /** Remembers this step's embeddings (replacing the oldest once full) and counts the step. */
  public void remember(NDList levels, int[] batchLabels) {
    steps++;
    if (!config.enabled()) {
      return;
    }
    int n = batchLabels.length;
    if (values == null) {
      values = new float[levels.size()][];
      dimensions = new int[levels.size()];
      for (int k = 0; k < levels.size(); k++) {
        dimensions[k] = (int) levels.get(k).getShape().get(1);
        values[k] = new float[config.size() * dimensions[k]];
      }
    }
    float[][] batch = new float[levels.size()][];
    for (int k = 0; k < levels.size(); k++) {
      batch[k] = levels.get(k).stopGradient().toFloatArray();
    }
    // A batch larger than the memory keeps its last rows.
    for (int i = Math.max(0, n - config.size()); i < n; i++) {
      for (int k = 0; k < levels.size(); k++) {
        int d = dimensions[k];
        System.arraycopy(batch[k], i * d, values[k], next * d, d);
      }
      labels[next] = batchLabels[i];
      next = (next + 1) % config.size();
      filled = Math.min(filled + 1, config.size());
    }
  }
}
