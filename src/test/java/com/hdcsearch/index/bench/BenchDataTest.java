package com.hdcsearch.index.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.eval.ExactNeighbours;
import com.hdcsearch.eval.Neighbours;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDataTest {
  @TempDir Path dir;

  private static float[][] gaussian(Random random, int n, int dim) {
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int j = 0; j < dim; j++) {
        row[j] = (float) (random.nextGaussian() * 3);
      }
    }
    return v;
  }

  @Test
  void splitHoldsOutSeededQueriesAndKeepsTheRestInOrder() {
    long seed = BenchSeeds.seed("split");
    float[][] raw = gaussian(new Random(seed), 300, 8);
    BenchData a = BenchData.split(raw, 40, 5, seed);
    BenchData b = BenchData.split(raw, 40, 5, seed);

    assertEquals(260, a.base().length);
    assertEquals(40, a.queries().length);
    assertEquals(5, a.k());
    for (int q = 0; q < 40; q++) {
      assertArrayEquals(a.queries()[q], b.queries()[q], 0f, "same seed, same queries");
    }
    // Every input appears exactly once, normalised; the base keeps input order.
    Set<Integer> seen = new HashSet<>();
    int lastBaseSource = -1;
    for (float[] v : a.base()) {
      int source = sourceOf(raw, v);
      assertTrue(source > lastBaseSource, "base keeps input order");
      lastBaseSource = source;
      assertTrue(seen.add(source));
    }
    for (float[] v : a.queries()) {
      assertTrue(seen.add(sourceOf(raw, v)), "a query is not also in the base");
    }
    assertEquals(300, seen.size());
    assertEquals(1.0f, a.base()[0][0] * a.base()[0][0] + sumSquaresFrom1(a.base()[0]), 1e-5f);
  }

  @Test
  void exportedGroundTruthIsTheExactTopKOfTheExportedFiles() throws Exception {
    long seed = BenchSeeds.seed("export");
    BenchData data = BenchData.split(gaussian(new Random(seed), 500, 12), 30, 10, seed);
    data.export(dir);

    float[][] base = FvecsReader.readFvecs(dir.resolve(BenchData.BASE_FILE));
    float[][] queries = FvecsReader.readFvecs(dir.resolve(BenchData.QUERY_FILE));
    int[][] truth = FvecsReader.readIvecs(dir.resolve(BenchData.GROUND_TRUTH_FILE));
    assertEquals(470, base.length);
    assertEquals(30, queries.length);
    assertEquals(30, truth.length);

    Neighbours exact = new ExactNeighbours().search(queries, base, 10);
    for (int q = 0; q < queries.length; q++) {
      assertArrayEquals(exact.indices(q), truth[q], "ExactNeighbours on the exported files, query " + q);
      // And by a plain loop: nothing outside the top 10 beats the 10th.
      double tenth = dot(queries[q], base[truth[q][9]]);
      for (int r = 1; r < 10; r++) {
        assertTrue(dot(queries[q], base[truth[q][r - 1]]) >= dot(queries[q], base[truth[q][r]]));
      }
      Set<Integer> top = new HashSet<>();
      for (int id : truth[q]) {
        top.add(id);
      }
      for (int i = 0; i < base.length; i++) {
        if (!top.contains(i)) {
          assertTrue(dot(queries[q], base[i]) <= tenth + 1e-6, "base " + i + " beats the 10th of query " + q);
        }
      }
    }
  }

  @Test
  void badSplitsNameTheirValues() {
    float[][] raw = gaussian(new Random(1), 20, 4);
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
        () -> BenchData.split(raw, 15, 10, 1));
    assertEquals("queryCount 15 leaves fewer than k=10 of the 20 vectors to index", tooMany.getMessage());
    raw[3] = new float[4];
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> BenchData.split(raw, 2, 1, 1));
    assertTrue(zero.getMessage().startsWith("vector 3 cannot be normalised"), zero.getMessage());
  }

  private static int sourceOf(float[][] raw, float[] unit) {
    for (int i = 0; i < raw.length; i++) {
      double norm = Math.sqrt(dot(raw[i], raw[i]));
      boolean same = true;
      for (int j = 0; j < unit.length && same; j++) {
        same = Math.abs(raw[i][j] / norm - unit[j]) < 1e-5;
      }
      if (same) {
        return i;
      }
    }
    throw new AssertionError("vector not found in the input");
  }

  private static float sumSquaresFrom1(float[] v) {
    float s = 0;
    for (int j = 1; j < v.length; j++) {
      s += v[j] * v[j];
    }
    return s;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (double) a[j] * b[j];
    }
    return s;
  }
}
