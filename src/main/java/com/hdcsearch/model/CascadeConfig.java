package com.hdcsearch.model;

import com.hdcsearch.image.ImageSpec;
import java.util.Arrays;

/**
 * Shape of a cascade network.
 *
 * @param spec input tensor shape and normalisation
 * @param trunk {@link #BUILTIN_TRUNK}, {@link #BUILTIN_BIAS_TRUNK} or the path of a TorchScript file whose forward returns one tensor per level
 * @param levelDims embedding size of each level's head
 * @param levelWeights weight of each level's normalised embedding in the concatenated embedding (0 drops a level)
 * @param head head design
 * @param mlpHidden hidden width of {@link HeadKind#MLP} heads
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 */
public record CascadeConfig(
    ImageSpec spec, String trunk, int[] levelDims, float[] levelWeights, HeadKind head, int mlpHidden, String device) {
  /** Name of the built-in three-stage CNN trunk. */
  public static final String BUILTIN_TRUNK = "builtin";
  /** The built-in trunk with a bias on every convolution (PyTorch's default; the peer anchors' network). */
  public static final String BUILTIN_BIAS_TRUNK = "builtin-bias";
  /** Levels of the built-in trunk: one per stage. */
  public static final int BUILTIN_LEVELS = 3;
  /** Per-level embedding size, as in the peer anchors (64-d heads). */
  public static final int DEFAULT_LEVEL_DIM = 64;
  /**
   * Levels weigh the same in the concatenation (the released code's SOP setting). Chosen on the validation split of
   * Emoji-4V with {@link #DEFAULT_HEAD} (32 px, 300 steps of 25x4, seeds 1-3; load-tests/bench-quality.md, "Grid
   * heads and the learning rate"): with grid heads the shallow levels are worth as much as the deepest, and 1:1:1
   * beat 1:2:3 (the default chosen for globally pooled heads, the released code's CARS196 setting) by 1.5 R@1.
   */
  public static final float[] DEFAULT_LEVEL_WEIGHTS = {1f, 1f, 1f};
  /**
   * Grid heads at every level ({@link HeadKind#SPATIAL_ALL}). Chosen on the validation split of Emoji-4V for every
   * method alike (load-tests/bench-quality.md, "Grid heads and the learning rate"): a globally averaged stage keeps
   * what textures it has seen but not where, and on Emoji-4V's cross-vendor views where is much of what an item is.
   */
  public static final HeadKind DEFAULT_HEAD = HeadKind.SPATIAL_ALL;
  public static final int DEFAULT_MLP_HIDDEN = 256;

  public CascadeConfig {
    if (spec == null || trunk == null || levelDims == null || levelWeights == null || head == null) {
      throw new IllegalArgumentException("spec, trunk, levelDims, levelWeights and head are required");
    }
    if (levelDims.length == 0 || levelDims.length != levelWeights.length) {
      throw new IllegalArgumentException("need one weight per level, got dims " + Arrays.toString(levelDims)
          + " and weights " + Arrays.toString(levelWeights));
    }
    boolean anyWeight = false;
    for (int i = 0; i < levelDims.length; i++) {
      if (levelDims[i] < 1) {
        throw new IllegalArgumentException("level dims must be at least 1, got: " + Arrays.toString(levelDims));
      }
      if (!(levelWeights[i] >= 0)) {
        throw new IllegalArgumentException("level weights must be >= 0, got: " + Arrays.toString(levelWeights));
      }
      anyWeight |= levelWeights[i] > 0;
    }
    if (!anyWeight) {
      throw new IllegalArgumentException("at least one level weight must be positive");
    }
    if (mlpHidden < 1) {
      throw new IllegalArgumentException("mlpHidden must be at least 1, got: " + mlpHidden);
    }
    levelDims = levelDims.clone();
    levelWeights = levelWeights.clone();
    device = device == null ? "auto" : device;
  }

  /** The built-in trunk, three 64-d {@link #DEFAULT_HEAD} heads weighted {@link #DEFAULT_LEVEL_WEIGHTS}, best device. */
  public static CascadeConfig builtin(ImageSpec spec) {
    return new CascadeConfig(spec, BUILTIN_TRUNK, new int[] {DEFAULT_LEVEL_DIM, DEFAULT_LEVEL_DIM, DEFAULT_LEVEL_DIM},
        DEFAULT_LEVEL_WEIGHTS, DEFAULT_HEAD, DEFAULT_MLP_HIDDEN, "auto");
  }

  public int levels() {
    return levelDims.length;
  }

  /** Length of the concatenated embedding. */
  public int dimension() {
    return Arrays.stream(levelDims).sum();
  }

  public boolean builtinTrunk() {
    return BUILTIN_TRUNK.equals(trunk) || BUILTIN_BIAS_TRUNK.equals(trunk);
  }

  /** True for {@link #BUILTIN_BIAS_TRUNK}. */
  public boolean builtinConvBias() {
    return BUILTIN_BIAS_TRUNK.equals(trunk);
  }

  public CascadeConfig withSpec(ImageSpec newSpec) {
    return new CascadeConfig(newSpec, trunk, levelDims, levelWeights, head, mlpHidden, device);
  }

  public CascadeConfig withLevelWeights(float[] weights) {
    return new CascadeConfig(spec, trunk, levelDims, weights, head, mlpHidden, device);
  }

  public CascadeConfig withHead(HeadKind newHead) {
    return new CascadeConfig(spec, trunk, levelDims, levelWeights, newHead, mlpHidden, device);
  }

  public CascadeConfig withDevice(String newDevice) {
    return new CascadeConfig(spec, trunk, levelDims, levelWeights, head, mlpHidden, newDevice);
  }

  public CascadeConfig withTrunk(String newTrunk, int[] dims, float[] weights) {
    return new CascadeConfig(spec, newTrunk, dims, weights, head, mlpHidden, device);
  }

  @Override
  public int[] levelDims() {
    return levelDims.clone();
  }

  @Override
  public float[] levelWeights() {
    return levelWeights.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CascadeConfig c && spec.equals(c.spec) && trunk.equals(c.trunk)
        && Arrays.equals(levelDims, c.levelDims) && Arrays.equals(levelWeights, c.levelWeights) && head == c.head
        && mlpHidden == c.mlpHidden && device.equals(c.device);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(levelDims) * 31 + Arrays.hashCode(levelWeights) + trunk.hashCode() + head.hashCode();
  }

  @Override
  public String toString() {
    return "CascadeConfig[trunk=" + trunk + ", dims=" + Arrays.toString(levelDims) + ", weights="
        + Arrays.toString(levelWeights) + ", head=" + head + ", mlpHidden=" + mlpHidden + ", device=" + device
        + ", spec=" + spec + "]";
  }
}
