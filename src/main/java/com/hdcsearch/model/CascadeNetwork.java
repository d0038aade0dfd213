package com.hdcsearch.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trunk with one embedding head per level. {@link #forward} returns each level's L2-normalised embedding;
 * {@link #concatenate} makes the final embedding. Owns a native memory manager: close it. Not thread-safe.
 */
public final class CascadeNetwork implements AutoCloseable {
  static final String TRUNK_FILE = "trunk.params";
  static final String HEADS_FILE = "heads.params";
  /** Keeps the norm of an all-zero head output away from zero. */
  private static final float NORM_EPS = 1e-12f;

  private final CascadeConfig config;
  private final NDManager manager;
  private final Trunk trunk;
  private final List<SequentialBlock> heads;
  private final ParameterStore store;

  private CascadeNetwork(
      CascadeConfig config, NDManager manager, Trunk trunk, List<SequentialBlock> heads, WeightLayout layout) {
    this.config = config;
    this.manager = manager;
    this.trunk = trunk;
    this.heads = heads;
    this.store = new ParameterStore(manager, false);
    if (config.builtinTrunk() && layout == WeightLayout.CHANNELS_LAST) {
      // Training and inference alike; a TorchScript trunk keeps its module's own layout.
      ChannelsLast.apply(trunk.parameters());
      ChannelsLast.apply(headParameters());
    }
  }

  /** A freshly initialised network in its device's layout; the same seed gives the same parameters. */
  public static CascadeNetwork create(CascadeConfig config, long seed) throws IOException {
    return create(config, seed, WeightLayout.forDevice(Devices.resolve(config.device())));
  }

  /**
   * A freshly initialised network with its convolution weights in the given layout: the product takes the device's
   * ({@link #create(CascadeConfig, long)}); a check recorded on one layout pins it.
   */
  public static CascadeNetwork create(CascadeConfig config, long seed, WeightLayout layout) throws IOException {
    Device device = Devices.resolve(config.device());
    // The engine takes an int seed; fold the long so that high bits still matter.
    Engine.getInstance().setRandomSeed(Long.hashCode(seed));
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Trunk trunk = config.builtinTrunk()
          ? BuiltinTrunk.create(manager, config.spec().channels(), config.spec().size(), config.builtinConvBias())
          : TorchScriptTrunk.open(manager, Path.of(config.trunk()), config.spec().channels(), config.spec().size());
      return new CascadeNetwork(config, manager, trunk, newHeads(config, manager, trunk), layout);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Reads a network saved with {@link #save} under the same config. */
  public static CascadeNetwork load(CascadeConfig config, Path dir) throws IOException {
    Device device = Devices.resolve(config.device());
    NDManager manager = NDManager.newBaseManager(device);
    try (var trunkIn = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(TRUNK_FILE))));
        var headsIn = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(HEADS_FILE))))) {
      int channels = config.spec().channels();
      int size = config.spec().size();
      Trunk trunk = config.builtinTrunk()
          ? BuiltinTrunk.load(manager, channels, size, config.builtinConvBias(), trunkIn)
          : TorchScriptTrunk.load(manager, channels, size, trunkIn);
      List<SequentialBlock> heads = newHeads(config, manager, trunk);
      for (SequentialBlock head : heads) {
        head.loadParameters(manager, headsIn);
      }
      return new CascadeNetwork(config, manager, trunk, heads, WeightLayout.forDevice(device));
    } catch (MalformedModelException e) {
      manager.close();
      throw new IOException("head parameters in " + dir + " do not match " + config, e);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static List<SequentialBlock> newHeads(CascadeConfig config, NDManager manager, Trunk trunk) {
    int[] widths = trunk.outputWidths();
    if (widths.length != config.levels()) {
      throw new IllegalArgumentException(
          "trunk has " + widths.length + " outputs but the config has " + config.levels() + " levels");
    }
    List<SequentialBlock> heads = new ArrayList<>();
    for (int i = 0; i < widths.length; i++) {
      boolean grid = EmbeddingHeads.takesGrid(config.head(), i, widths.length);
      heads.add(EmbeddingHeads.create(
          manager, config.head(), grid, widths[i], config.levelDims()[i], config.mlpHidden()));
    }
    return heads;
  }

  /** Writes trunk and heads; {@link #load} reads them back bit for bit. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(TRUNK_FILE))))) {
      trunk.save(out);
    }
    try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(HEADS_FILE))))) {
      for (SequentialBlock head : heads) {
        head.saveParameters(out);
      }
    }
  }

  /**
   * Per-level L2-normalised embeddings of a NCHW batch. New arrays belong to the images' manager, so a per-batch
   * sub-manager scopes them.
   */
  public NDList forward(NDArray images, boolean training) {
    return forward(images, training, null);
  }

  /**
   * As {@link #forward(NDArray, boolean)}, with level {@code i}'s gradient into the trunk multiplied by
   * {@code gradScales[i]} at its head's input ({@link GradientScale}: the forward values do not change, and the head's
   * own parameters still get their full gradient); null scales nothing.
   */
  public NDList forward(NDArray images, boolean training, float[] gradScales) {
    if (gradScales != null && gradScales.length != heads.size()) {
      throw new IllegalArgumentException("need " + heads.size() + " gradient scales, got: " + gradScales.length);
    }
    NDList stages = trunk.forward(store, images, training);
    NDList levels = new NDList(heads.size());
    for (int i = 0; i < heads.size(); i++) {
      NDArray features = stages.get(i);
      NDArray input = EmbeddingHeads.takesGrid(config.head(), i, heads.size()) || features.getShape().dimension() != 4
          ? features
          : features.mean(new int[] {3}).mean(new int[] {2});
      if (gradScales != null) {
        input = GradientScale.apply(input, gradScales[i]);
      }
      NDArray raw = heads.get(i).forward(store, new NDList(input), training).singletonOrThrow();
      NDArray norm = raw.square().sum(new int[] {1}, true).add(NORM_EPS).sqrt();
      levels.add(raw.div(norm));
    }
    return levels;
  }

  /** Weighted concatenation of normalised levels, scaled to unit length (host arrays, one row per image). */
  public float[][] concatenate(List<float[]> levelRows, int count) {
    return concatenate(levelRows, count, config.levelWeights());
  }

  /** As {@link #concatenate(List, int)} with other level weights (experiments compare weightings of one model). */
  public float[][] concatenate(List<float[]> levelRows, int count, float[] weights) {
    if (weights.length != config.levels()) {
      throw new IllegalArgumentException("need " + config.levels() + " level weights, got: " + weights.length);
    }
    int[] dims = config.levelDims();
    double weightNorm = 0;
    for (float w : weights) {
      weightNorm += w * w;
    }
    // Each level row has unit length, so the weighted concatenation has length sqrt(sum w^2).
    float scale = (float) (1 / Math.sqrt(weightNorm));
    float[][] out = new float[count][config.dimension()];
    int offset = 0;
    for (int level = 0; level < dims.length; level++) {
      float[] rows = levelRows.get(level);
      float w = weights[level] * scale;
      for (int r = 0; r < count; r++) {
        for (int d = 0; d < dims[level]; d++) {
          out[r][offset + d] = w * rows[r * dims[level] + d];
        }
      }
      offset += dims[level];
    }
    return out;
  }

  public List<Parameter> trunkParameters() {
    return trunk.parameters();
  }

  public List<Parameter> headParameters() {
    List<Parameter> params = new ArrayList<>();
    for (SequentialBlock head : heads) {
      head.getParameters().forEach(p -> params.add(p.getValue()));
    }
    return params;
  }

  /** Parameters of one level's head (for tests that check where gradient flows). */
  public List<Parameter> headParameters(int level) {
    List<Parameter> params = new ArrayList<>();
    heads.get(level).getParameters().forEach(p -> params.add(p.getValue()));
    return params;
  }

  public CascadeConfig config() {
    return config;
  }

  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    trunk.close();
    manager.close();
  }
}
