package com.hdcsearch.index.bench;

import java.util.Random;

/**
 * Seeded clustered unit vectors: points scattered around random centres, like embeddings of a labelled catalog
 * (uniform random vectors would make every neighbour equally far and recall meaningless).
 */
public final class SyntheticVectors {
  /** Spread of points around their centre, relative to the centre's unit length. */
  private static final double SPREAD = 0.6;

  private SyntheticVectors() {}

  /** {@code count} unit vectors of {@code dimension} around {@code clusters} centres. */
  public static float[][] clustered(long seed, int count, int dimension, int clusters) {
    Random random = new Random(seed);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = normalise(gaussian(random, dimension, 1));
    }
    float[][] out = new float[count][];
    double noise = SPREAD / Math.sqrt(dimension);
    for (int i = 0; i < count; i++) {
      float[] centre = centres[random.nextInt(clusters)];
      float[] v = gaussian(random, dimension, noise);
      for (int d = 0; d < dimension; d++) {
        v[d] += centre[d];
      }
      out[i] = normalise(v);
    }
    return out;
  }

  private static float[] gaussian(Random random, int dimension, double sigma) {
    float[] v = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      v[d] = (float) (random.nextGaussian() * sigma);
    }
    return v;
  }

  /** The vector scaled to unit length, in place. */
  public static float[] normalise(float[] v) {
    double sq = 0;
    for (float f : v) {
      sq += (double) f * f;
    }
    if (sq == 0) {
      throw new IllegalArgumentException("cannot normalise a zero vector");
    }
    float inv = (float) (1 / Math.sqrt(sq));
    for (int d = 0; d < v.length; d++) {
      v[d] *= inv;
    }
    return v;
  }
}
