package com.hdcsearch.index.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticVectorsTest {
  @Test
  void sameSeedSameUnitVectorsOtherSeedOthers() {
    long seed = BenchSeeds.seed("syntheticSeeded");
    float[][] a = SyntheticVectors.withDefaults(200, seed).load();
    float[][] b = SyntheticVectors.withDefaults(200, seed).load();
    float[][] c = SyntheticVectors.withDefaults(200, seed + 1).load();

    assertEquals(200, a.length);
    assertEquals(SyntheticVectors.DEFAULT_DIMENSION, a[0].length);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i], 0f);
      double sq = 0;
      for (float x : a[i]) {
        sq += x * x;
      }
      assertEquals(1.0, sq, 1e-5, "vector " + i + " has unit length");
    }
    assertFalse(Arrays.equals(a[0], c[0]));
  }

  @Test
  void vectorsOfOneLeafClusterAreCloserThanVectorsOfOthers() {
    // One coarse cluster with two leaves and no noise at the top level: same-leaf pairs share every block.
    float[][] v = new SyntheticVectors(400, 96, new int[] {1, 2, 2}, 0.05, BenchSeeds.seed("syntheticClusters"))
        .load();
    double maxDot = 0;
    double minDot = 1;
    for (int i = 1; i < v.length; i++) {
      double d = 0;
      for (int j = 0; j < v[0].length; j++) {
        d += v[0][j] * v[i][j];
      }
      maxDot = Math.max(maxDot, d);
      minDot = Math.min(minDot, d);
    }
    // Shared top-level block alone gives ~1/3 of the squared norm; a shared leaf adds the other blocks.
    assertTrue(maxDot > 0.85, "nearest same-leaf vector, dot " + maxDot);
    assertTrue(minDot < 0.6, "farthest vector of another leaf, dot " + minDot);
  }

  @Test
  void describesItselfAsSyntheticAndChecksArguments() {
    SyntheticVectors s = SyntheticVectors.withDefaults(20_000, 7);
    assertTrue(s.description().startsWith("SYNTHETIC"), s.description());
    assertEquals(2_000, s.leafClusters());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SyntheticVectors(0, 8, new int[] {2}, 0.1, 1));
    assertEquals("count must be at least 1, got: 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SyntheticVectors(5, 8, new int[] {2, 0}, 0.1, 1));
  }
}
