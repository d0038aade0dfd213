package com.hdcsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Made-up per-level embeddings for objective tests: seeded, unit length, with some class structure. */
final class TestEmbeddings {
  private TestEmbeddings() {}

  /** Labels of {@code n} rows in classes of four (0, 0, 0, 0, 1, ...), the bench's K. */
  static int[] classesOfFour(int n) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i / 4;
    }
    return labels;
  }

  /** Three levels of 8-d unit rows: Gaussian noise plus 1.5 on the coordinate of the row's class mod 8. */
  static NDList unitLevels(NDManager m, int[] labels, long seed) {
    int n = labels.length;
    NDList levels = new NDList();
    Random r = new Random(seed);
    for (int k = 0; k < 3; k++) {
      float[] e = new float[n * 8];
      for (int i = 0; i < e.length; i++) {
        e[i] = (float) r.nextGaussian() + (i % 8 == labels[i / 8] % 8 ? 1.5f : 0f);
      }
      NDArray a = m.create(e, new Shape(n, 8));
      levels.add(a.div(a.square().sum(new int[] {1}, true).sqrt()));
    }
    return levels;
  }
}
