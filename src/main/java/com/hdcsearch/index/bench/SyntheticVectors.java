package com.hdcsearch.index.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded stand-in for cascade embeddings: the dimensions are split into one block per cascade level, and a cluster tree
 * with {@code branching[l]} children per node at level {@code l} gives every vector a random unit centre per block
 * (coarse classes, then finer ones) plus Gaussian noise; the result is normalised. Neighbours are mostly in the same
 * leaf cluster, as for real embeddings of similar items, but the data is synthetic.
 */
public final class SyntheticVectors implements VectorSource {
  /** 20,000 vectors: a catalog-sized index that builds in seconds. */
  public static final int DEFAULT_COUNT = 20_000;
  /** Three cascade levels of 128 dimensions each. */
  public static final int DEFAULT_DIMENSION = 384;
  /** 20 coarse clusters, 10 children each, 10 again: 2,000 leaf clusters of about 10 vectors. */
  public static final int[] DEFAULT_BRANCHING = {20, 10, 10};
  /** Noise per coordinate; a 128-d block's noise has norm ~0.9 against its unit centre. */
  public static final double DEFAULT_NOISE = 0.08;

  private final int count;
  private final int dimension;
  private final int[] branching;
  private final double noise;
  private final long seed;

  /** The defaults above with {@code count} vectors. */
  public static SyntheticVectors withDefaults(int count, long seed) {
    return new SyntheticVectors(count, DEFAULT_DIMENSION, DEFAULT_BRANCHING, DEFAULT_NOISE, seed);
  }

  /** {@code count} vectors of {@code dimension} values, one level (and dimension block) per branching factor. */
  public SyntheticVectors(int count, int dimension, int[] branching, double noise, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got: " + count);
    }
    if (branching == null || branching.length == 0) {
      throw new IllegalArgumentException("branching must name at least one level, got: " + Arrays.toString(branching));
    }
    if (dimension < branching.length) {
      throw new IllegalArgumentException(
          "dimension must be at least the number of levels " + branching.length + ", got: " + dimension);
    }
    for (int b : branching) {
      if (b < 1) {
        throw new IllegalArgumentException("branching factors must be at least 1, got: " + Arrays.toString(branching));
      }
    }
    if (!(noise >= 0) || Double.isInfinite(noise)) {
      throw new IllegalArgumentException("noise must be finite and non-negative, got: " + noise);
    }
    this.count = count;
    this.dimension = dimension;
    this.branching = branching.clone();
    this.noise = noise;
    this.seed = seed;
  }

  /** Number of leaf clusters (product of the branching factors). */
  public long leafClusters() {
    long leaves = 1;
    for (int b : branching) {
      leaves *= b;
    }
    return leaves;
  }

  @Override
  public String description() {
    return String.format(Locale.ROOT,
        "SYNTHETIC vectors (not real embeddings): %d x %d, %d levels %s = %d leaf clusters, noise %.3f, seed %d",
        count, dimension, branching.length, Arrays.toString(branching), leafClusters(), noise, seed);
  }

  @Override
  public float[][] load() {
    Random random = new Random(seed);
    int levels = branching.length;
    int[] blockStart = new int[levels + 1];
    for (int l = 0; l <= levels; l++) {
      blockStart[l] = (int) ((long) dimension * l / levels);
    }
    // centres[l][node]: the unit centre, within block l, of a node of the cluster tree at depth l.
    float[][][] centres = new float[levels][][];
    int nodes = 1;
    for (int l = 0; l < levels; l++) {
      nodes *= branching[l];
      centres[l] = new float[nodes][];
      for (int node = 0; node < nodes; node++) {
        centres[l][node] = unitGaussian(random, blockStart[l + 1] - blockStart[l]);
      }
    }
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      int leaf = random.nextInt(nodes);
      float[] v = new float[dimension];
      for (int l = 0, divisor = nodes; l < levels; l++) {
        divisor /= branching[l];
        float[] centre = centres[l][leaf / divisor];
        for (int j = 0; j < centre.length; j++) {
          v[blockStart[l] + j] = centre[j] + (float) (random.nextGaussian() * noise);
        }
      }
      out[i] = BenchData.normalise(v, i);
    }
    return out;
  }

  private static float[] unitGaussian(Random random, int dim) {
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) {
      v[j] = (float) random.nextGaussian();
    }
    return BenchData.normalise(v, -1);
  }

  @Override
  public String toString() {
    return description();
  }
}
