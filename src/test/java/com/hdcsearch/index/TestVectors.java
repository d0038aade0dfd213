package com.hdcsearch.index;

import java.util.Random;

/** Seeded random unit vectors for index tests. */
final class TestVectors {
  private TestVectors() {}

  /** A seed from the clock unless -Dtests.seed is given; printed so that a failure can be replayed. */
  static long seed(String test) {
    String fixed = System.getProperty("tests.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    System.out.println(test + ": -Dtests.seed=" + seed);
    return seed;
  }

  static float[] unit(Random random, int dimension) {
    float[] v = new float[dimension];
    double sq = 0;
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
      sq += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(sq));
    for (int i = 0; i < dimension; i++) {
      v[i] *= inv;
    }
    return v;
  }

  static float[][] units(Random random, int count, int dimension) {
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      out[i] = unit(random, dimension);
    }
    return out;
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
