package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ExactNeighboursTest {

  private static final long SEED = 20170101L;
  private static final int[] BLOCK_SIZES = {1, 7, 64, 256, 1000};

  /** p0 and p1 are the same point; p2 is at 36.87 degrees; p3 up; p4 opposite p0. */
  static final float[][] CIRCLE = {{1f, 0f}, {1f, 0f}, {0.8f, 0.6f}, {0f, 1f}, {-1f, 0f}};

  @ParameterizedTest
  @EnumSource(DotKernel.class)
  void selfSearchOnTheCircleMatchesHandRanking(DotKernel kernel) {
    Neighbours found = new ExactNeighbours(kernel, 2).searchSelf(CIRCLE, 10);

    assertEquals(4, found.depth(), "depth is capped at n - 1");
    assertArrayEquals(new int[] {1, 2, 3, 4}, found.indices(0));
    assertArrayEquals(new int[] {0, 2, 3, 4}, found.indices(1));
    assertArrayEquals(new int[] {0, 1, 3, 4}, found.indices(2), "tie p0/p1 at 0.8 goes to the lower index");
    assertArrayEquals(new int[] {2, 0, 1, 4}, found.indices(3), "three-way tie at 0 in index order");
    assertArrayEquals(new int[] {3, 2, 0, 1}, found.indices(4));
  }

  @ParameterizedTest
  @EnumSource(DotKernel.class)
  void queryItselfIsExcludedButItsDuplicateIsNot(DotKernel kernel) {
    Neighbours found = new ExactNeighbours(kernel, ExactNeighbours.DEFAULT_BLOCK_SIZE).searchSelf(CIRCLE, 1);

    assertEquals(1, found.index(0, 0));
    assertEquals(1.0f, found.similarity(0, 0));
    assertEquals(0.0, found.distance(0, 0));
    assertEquals(0, found.index(1, 0));
  }

  @ParameterizedTest
  @EnumSource(DotKernel.class)
  void queryVsGalleryExcludesNothing(DotKernel kernel) {
    Neighbours found = new ExactNeighbours(kernel, 3).search(CIRCLE, CIRCLE, 2);

    for (int q = 0; q < CIRCLE.length; q++) {
      assertEquals(q == 1 ? 0 : q, found.index(q, 0), "query " + q + " finds itself (p1 ties with p0, lower first)");
    }
    assertArrayEquals(new int[] {0, 1}, found.indices(0));
    assertArrayEquals(new int[] {0, 1}, found.indices(1));
  }

  @ParameterizedTest
  @EnumSource(DotKernel.class)
  void identicalVectorsComeBackInIndexOrder(DotKernel kernel) {
    float[][] same = new float[9][];
    Arrays.setAll(same, i -> new float[] {0.6f, 0.8f});

    Neighbours found = new ExactNeighbours(kernel, 4).searchSelf(same, 8);

    assertArrayEquals(new int[] {0, 1, 2, 3, 5, 6, 7, 8}, found.indices(4));
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, found.indices(0));
  }

  /** Small-integer coordinates make every dot product exact in float, so any summation order gives the same ranks. */
  @ParameterizedTest
  @EnumSource(DotKernel.class)
  void blockedSelfSearchEqualsNaiveReference(DotKernel kernel) {
    Random random = new Random(SEED);
    float[][] vectors = integerVectors(random, 257, 13);
    int k = 10;
    int[][] expected = naive(vectors, vectors, k, true);
    for (int blockSize : BLOCK_SIZES) {
      Neighbours found = new ExactNeighbours(kernel, blockSize).searchSelf(vectors, k);
      for (int q = 0; q < vectors.length; q++) {
        assertArrayEquals(expected[q], found.indices(q), "seed=" + SEED + " block=" + blockSize + " query=" + q);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DotKernel.class)
  void blockedQueryVsGalleryEqualsNaiveReference(DotKernel kernel) {
    Random random = new Random(SEED + 1);
    float[][] queries = integerVectors(random, 101, 9);
    float[][] gallery = integerVectors(random, 300, 9);
    int k = 25;
    int[][] expected = naive(queries, gallery, k, false);
    for (int blockSize : BLOCK_SIZES) {
      Neighbours found = new ExactNeighbours(kernel, blockSize).search(queries, gallery, k);
      for (int q = 0; q < queries.length; q++) {
        assertArrayEquals(expected[q], found.indices(q), "seed=" + (SEED + 1) + " block=" + blockSize + " q=" + q);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DotKernel.class)
  void gaussianUnitVectorsMatchNaiveSimilarities(DotKernel kernel) {
    Random random = new Random(SEED + 2);
    float[][] vectors = new float[300][];
    Arrays.setAll(vectors, i -> unit(random, 32));
    int k = 7;
    int[][] expected = naive(vectors, vectors, k, true);
    Neighbours found = new ExactNeighbours(kernel, 77).searchSelf(vectors, k);
    for (int q = 0; q < vectors.length; q++) {
      for (int rank = 0; rank < k; rank++) {
        double want = dot(vectors[q], vectors[expected[q][rank]]);
        assertEquals(want, found.similarity(q, rank), 1e-5, "seed=" + (SEED + 2) + " q=" + q + " rank=" + rank);
        assertTrue(found.index(q, rank) != q, "query " + q + " must not find itself");
      }
    }
  }

  @Test
  void flatInputGivesTheSameNeighbours() {
    float[] flat = Vectors.flatten(CIRCLE, 0, CIRCLE.length);
    ExactNeighbours search = new ExactNeighbours();

    Neighbours fromFlat = search.searchSelf(flat, 2, 3);
    Neighbours fromRows = search.searchSelf(CIRCLE, 3);

    for (int q = 0; q < CIRCLE.length; q++) {
      assertArrayEquals(fromRows.indices(q), fromFlat.indices(q));
    }
    assertArrayEquals(new int[] {0, 1, 2}, search.search(new float[] {1f, 0f}, flat, 2, 3).indices(0));
  }

  @Test
  void argumentsAreCheckedWithTheOffendingValue() {
    ExactNeighbours search = new ExactNeighbours();
    IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> search.searchSelf(CIRCLE, 0));
    assertTrue(k.getMessage().contains("got: 0"), k.getMessage());
    IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
        () -> search.search(new float[][] {{1f, 0f, 0f}}, CIRCLE, 1));
    assertTrue(dims.getMessage().contains("3 and 2"), dims.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> search.searchSelf(new float[][] {{1f, 0f}, {Float.NaN, 0f}}, 1));
    assertTrue(nan.getMessage().contains("vectors[1][0]"), nan.getMessage());
    IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
        () -> search.searchSelf(new float[5], 2, 1));
    assertTrue(flat.getMessage().contains("got: 5"), flat.getMessage());
    assertThrows(IllegalArgumentException.class, () -> search.searchSelf(new float[][] {{1f}}, 1));
    assertThrows(IllegalArgumentException.class, () -> new ExactNeighbours(DotKernel.DJL, 0));
  }

  static int[][] naive(float[][] queries, float[][] gallery, int k, boolean excludeSelf) {
    int[][] result = new int[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      final int query = q;
      double[] scores = new double[gallery.length];
      for (int g = 0; g < gallery.length; g++) {
        scores[g] = dot(queries[q], gallery[g]);
      }
      result[q] = IntStream.range(0, gallery.length)
          .filter(g -> !(excludeSelf && g == query))
          .boxed()
          .sorted(Comparator.<Integer>comparingDouble(g -> -scores[g]).thenComparingInt(g -> g))
          .limit(k)
          .mapToInt(Integer::intValue)
          .toArray();
    }
    return result;
  }

  static float[][] integerVectors(Random random, int n, int dim) {
    float[][] vectors = new float[n][dim];
    for (float[] v : vectors) {
      for (int j = 0; j < dim; j++) {
        v[j] = random.nextInt(5) - 2;
      }
    }
    return vectors;
  }

  static float[] unit(Random random, int dim) {
    float[] v = new float[dim];
    double norm = 0;
    for (int j = 0; j < dim; j++) {
      v[j] = (float) random.nextGaussian();
      norm += v[j] * v[j];
    }
    for (int j = 0; j < dim; j++) {
      v[j] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      sum += (double) a[j] * b[j];
    }
    return sum;
  }
}
