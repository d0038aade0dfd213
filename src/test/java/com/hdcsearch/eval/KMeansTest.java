package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KMeansTest {

  private static final long SEED = 1611L;
  private static final int BLOBS = 5;
  private static final int PER_BLOB = 40;
  private static final int DIM = 8;

  @ParameterizedTest
  @EnumSource(DotKernel.class)
  void wellSeparatedBlobsAreRecovered(DotKernel kernel) {
    int[] labels = new int[BLOBS * PER_BLOB];
    float[][] points = blobs(new Random(SEED), labels);

    KMeans.Result result = new KMeans(BLOBS, KMeans.DEFAULT_MAX_ITERATIONS, SEED, kernel).cluster(points);

    assertEquals(1.0, NormalizedMutualInfo.of(result.assignments(), labels), 1e-12, "seed=" + SEED);
    assertTrue(result.converged(), "seed=" + SEED);
  }

  @Test
  void sameSeedSameClusters() {
    int[] labels = new int[BLOBS * PER_BLOB];
    float[][] points = blobs(new Random(SEED), labels);
    // One cluster too few forces a choice that depends on the initialisation.
    KMeans kMeans = new KMeans(BLOBS - 1, SEED);

    KMeans.Result first = kMeans.cluster(points);
    KMeans.Result second = kMeans.cluster(points);

    assertArrayEquals(first.assignments(), second.assignments());
    assertEquals(first.iterations(), second.iterations());
  }

  @Test
  void iterationCapIsHonoured() {
    int[] labels = new int[BLOBS * PER_BLOB];
    float[][] points = blobs(new Random(SEED), labels);

    KMeans.Result result = new KMeans(BLOBS, 1, SEED, DotKernel.SIMD).cluster(points);

    assertEquals(1, result.iterations());
    assertEquals(false, result.converged());
  }

  @Test
  void argumentsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new KMeans(3, SEED).cluster(new float[][] {{1f}, {2f}}));
    assertTrue(e.getMessage().contains("got: 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new KMeans(0, SEED));
    assertThrows(IllegalArgumentException.class, () -> new KMeans(2, 0, SEED, DotKernel.DJL));
  }

  /** Blob b sits at 10 on axis b; points scatter around it with standard deviation 0.1. */
  static float[][] blobs(Random random, int[] labelsOut) {
    float[][] points = new float[BLOBS * PER_BLOB][DIM];
    for (int i = 0; i < points.length; i++) {
      int blob = i % BLOBS;
      for (int j = 0; j < DIM; j++) {
        points[i][j] = (float) (random.nextGaussian() * 0.1) + (j == blob ? 10f : 0f);
      }
      labelsOut[i] = blob;
    }
    return points;
  }
}
