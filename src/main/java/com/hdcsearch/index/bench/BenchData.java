package com.hdcsearch.index.bench;

import com.hdcsearch.eval.ExactNeighbours;
import com.hdcsearch.eval.Neighbours;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The bench's job: unit-length base vectors to index, held-out queries, and each query's exact top-k base indices
 * (0-based, nearest first). Immutable by convention: the arrays are shared, not copied.
 *
 * @param base the indexed vectors; a vector's index here is its item id
 * @param queries the held-out query vectors
 * @param groundTruth per query, the base indices of its exact top-k by dot product (ties to the lower index)
 */
public record BenchData(float[][] base, float[][] queries, int[][] groundTruth) {
  /** File names of {@link #export(Path)}, the layout of the TEXMEX / ann-benchmarks sets. */
  public static final String BASE_FILE = "base.fvecs";
  public static final String QUERY_FILE = "query.fvecs";
  public static final String GROUND_TRUTH_FILE = "groundtruth.ivecs";

  public BenchData {
    if (base == null || queries == null || groundTruth == null) {
      throw new IllegalArgumentException("base, queries and groundTruth must not be null");
    }
    if (groundTruth.length != queries.length) {
      throw new IllegalArgumentException(
          "groundTruth must have one row per query (" + queries.length + "), got: " + groundTruth.length);
    }
  }

  /**
   * Normalises {@code vectors} (copies), holds out {@code queryCount} of them chosen with {@code seed}, keeps the rest
   * in their original order as the base, and computes the exact top-{@code k} with {@link ExactNeighbours}.
   */
  public static BenchData split(float[][] vectors, int queryCount, int k, long seed) {
    if (vectors == null || vectors.length == 0) {
      throw new IllegalArgumentException("vectors must hold at least one vector");
    }
    if (queryCount < 1) {
      throw new IllegalArgumentException("queryCount must be at least 1, got: " + queryCount);
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
    if (vectors.length - queryCount < k) {
      throw new IllegalArgumentException("queryCount " + queryCount + " leaves fewer than k=" + k + " of the "
          + vectors.length + " vectors to index");
    }
    boolean[] isQuery = new boolean[vectors.length];
    int[] order = shuffledIndices(vectors.length, seed);
    for (int i = 0; i < queryCount; i++) {
      isQuery[order[i]] = true;
    }
    float[][] queries = new float[queryCount][];
    float[][] base = new float[vectors.length - queryCount][];
    for (int i = 0; i < queryCount; i++) {
      queries[i] = normalise(vectors[order[i]].clone(), order[i]);
    }
    for (int i = 0, b = 0; i < vectors.length; i++) {
      if (!isQuery[i]) {
        base[b++] = normalise(vectors[i].clone(), i);
      }
    }
    return new BenchData(base, queries, exactTopK(queries, base, k));
  }

  /** The exact top-{@code k} base indices of every query, nearest first. */
  public static int[][] exactTopK(float[][] queries, float[][] base, int k) {
    Neighbours exact = new ExactNeighbours().search(queries, base, k);
    int[][] ids = new int[queries.length][];
    for (int q = 0; q < ids.length; q++) {
      ids[q] = exact.indices(q);
    }
    return ids;
  }

  /** Neighbours per query in the ground truth. */
  public int k() {
    return groundTruth.length == 0 ? 0 : groundTruth[0].length;
  }

  /** Vector length. */
  public int dimension() {
    return base[0].length;
  }

  /**
   * Writes {@value #BASE_FILE}, {@value #QUERY_FILE} and {@value #GROUND_TRUTH_FILE} into {@code dir} (created if
   * needed), so that faiss or hnswlib can run the same job.
   */
  public void export(Path dir) throws IOException {
    Files.createDirectories(dir);
    FvecsWriter.writeFvecs(dir.resolve(BASE_FILE), base);
    FvecsWriter.writeFvecs(dir.resolve(QUERY_FILE), queries);
    FvecsWriter.writeIvecs(dir.resolve(GROUND_TRUTH_FILE), groundTruth);
  }

  /**
   * Scales {@code v} to unit length in place and returns it.
   *
   * @param number the vector's position, for the error message (-1 when not meaningful)
   */
  static float[] normalise(float[] v, int number) {
    double sq = 0;
    for (float x : v) {
      sq += (double) x * x;
    }
    if (!(sq > 0) || Double.isInfinite(sq)) {
      throw new IllegalArgumentException(
          "vector " + number + " cannot be normalised: its squared norm is " + sq + " (zero, NaN or infinite)");
    }
    double inv = 1 / Math.sqrt(sq);
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) (v[j] * inv);
    }
    return v;
  }

  private static int[] shuffledIndices(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
