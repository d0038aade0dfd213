package com.hdcsearch.index.bench;

import java.util.stream.IntStream;

/** Brute-force nearest neighbours by dot product (cosine on unit vectors): the ground truth for recall. */
public final class ExactNeighbours {
  private ExactNeighbours() {}

  /** For each query, the indices of the {@code k} base vectors with the highest dot product, best first. */
  public static int[][] compute(float[][] base, float[][] queries, int k) {
    int[][] out = new int[queries.length][];
    IntStream.range(0, queries.length).parallel().forEach(q -> out[q] = topK(base, queries[q], k));
    return out;
  }

  private static int[] topK(float[][] base, float[] query, int k) {
    int m = Math.min(k, base.length);
    int[] ids = new int[m];
    float[] scores = new float[m];
    java.util.Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < base.length; i++) {
      float s = dot(base[i], query);
      if (s > scores[m - 1]) {
        int pos = m - 1;
        while (pos > 0 && scores[pos - 1] < s) {
          scores[pos] = scores[pos - 1];
          ids[pos] = ids[pos - 1];
          pos--;
        }
        scores[pos] = s;
        ids[pos] = i;
      }
    }
    return ids;
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
