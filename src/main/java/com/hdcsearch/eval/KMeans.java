package com.hdcsearch.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.lucene.util.VectorUtil;

/**
 * Lloyd's k-means with seeded k-means++ initialisation and an iteration cap. The assignment step computes blocks of
 * centroid-point dot products with a {@link DotKernel} (points prepared once, centroids in blocks of rows):
 * |x - c|^2 = |x|^2 - 2 x.c + |c|^2, and |x|^2 does not change the argmin. Ties go to the lower centroid index; an empty cluster keeps its previous centroid.
 */
public final class KMeans {

  /** Lloyd iterations at most; k-means on embeddings usually settles within a few dozen. */
  public static final int DEFAULT_MAX_ITERATIONS = 100;

  private final int k;
  private final int maxIterations;
  private final long seed;
  private final DotKernel kernel;

  /** The clusters of one run: a cluster id in [0, k) per point, and how many Lloyd iterations ran. */
  public record Result(int[] assignments, int iterations, boolean converged) {}

  /** k-means with {@link #DEFAULT_MAX_ITERATIONS} and {@link DotKernel#DEFAULT}. */
  public KMeans(int k, long seed) {
    this(k, DEFAULT_MAX_ITERATIONS, seed, DotKernel.DEFAULT);
  }

  /** k-means with {@code k} clusters, at most {@code maxIterations} Lloyd iterations, seeded initialisation. */
  public KMeans(int k, int maxIterations, long seed, DotKernel kernel) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1, got: " + maxIterations);
    }
    if (kernel == null) {
      throw new IllegalArgumentException("kernel must not be null");
    }
    this.k = k;
    this.maxIterations = maxIterations;
    this.seed = seed;
    this.kernel = kernel;
  }

  /** Clusters {@code points}; the same points and seed give the same result. */
  public Result cluster(float[][] points) {
    int dim = Vectors.checkMatrix(points, "points");
    if (points.length < k) {
      throw new IllegalArgumentException("points must number at least k = " + k + ", got: " + points.length);
    }
    float[][] centroids = initialCentroids(points, new SplittableRandom(seed));
    int[] assignments = new int[points.length];
    Arrays.fill(assignments, -1);
    try (BlockDots pointDots = kernel.open(points)) {
      for (int iteration = 1; iteration <= maxIterations; iteration++) {
        boolean changed = assign(pointDots, centroids, assignments);
        if (!changed) {
          return new Result(assignments, iteration, true);
        }
        centroids = update(points, assignments, centroids, dim);
      }
    }
    return new Result(assignments, maxIterations, false);
  }

  /** k-means++: the first centroid uniformly, each next one with probability proportional to squared distance. */
  private float[][] initialCentroids(float[][] points, SplittableRandom random) {
    int n = points.length;
    float[][] centroids = new float[k][];
    centroids[0] = points[random.nextInt(n)].clone();
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      double total = 0.0;
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], VectorUtil.squareDistance(points[i], centroids[c - 1]));
        total += nearest[i];
      }
      centroids[c] = points[sample(nearest, total, random)].clone();
    }
    return centroids;
  }

  private static int sample(double[] weights, double total, SplittableRandom random) {
    if (total <= 0.0) {
      // Every point sits on a centroid already: any point will do.
      return random.nextInt(weights.length);
    }
    double target = random.nextDouble() * total;
    double cumulative = 0.0;
    for (int i = 0; i < weights.length; i++) {
      cumulative += weights[i];
      if (target < cumulative) {
        return i;
      }
    }
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0.0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /**
   * Moves every point to its nearest centroid; returns true if any assignment changed. The points stay prepared in
   * {@code pointDots} across iterations; only the centroids, in blocks of rows, are sent each time.
   */
  private boolean assign(BlockDots pointDots, float[][] centroids, int[] assignments) {
    int n = pointDots.targets();
    float[] bestScores = new float[n];
    Arrays.fill(bestScores, Float.NEGATIVE_INFINITY);
    int[] best = new int[n];
    int rowsPerBlock = (int) Math.max(1, Math.min(k, ExactNeighbours.MAX_BLOCK_SCORES / n));
    for (int from = 0; from < k; from += rowsPerBlock) {
      int to = Math.min(k, from + rowsPerBlock);
      float[] block = pointDots.dots(centroids, from, to);
      for (int c = from; c < to; c++) {
        // The largest x.c - |c|^2/2 is the nearest centroid; strict > keeps the lower centroid on ties.
        float halfNorm = VectorUtil.dotProduct(centroids[c], centroids[c]) / 2f;
        int base = (c - from) * n;
        for (int i = 0; i < n; i++) {
          float score = block[base + i] - halfNorm;
          if (score > bestScores[i]) {
            bestScores[i] = score;
            best[i] = c;
          }
        }
      }
    }
    boolean changed = false;
    for (int i = 0; i < n; i++) {
      if (assignments[i] != best[i]) {
        assignments[i] = best[i];
        changed = true;
      }
    }
    return changed;
  }

  private float[][] update(float[][] points, int[] assignments, float[][] previous, int dim) {
    double[][] sums = new double[k][dim];
    int[] sizes = new int[k];
    for (int i = 0; i < points.length; i++) {
      double[] sum = sums[assignments[i]];
      float[] point = points[i];
      for (int j = 0; j < dim; j++) {
        sum[j] += point[j];
      }
      sizes[assignments[i]]++;
    }
    float[][] centroids = new float[k][];
    for (int c = 0; c < k; c++) {
      if (sizes[c] == 0) {
        centroids[c] = previous[c];
        continue;
      }
      centroids[c] = new float[dim];
      for (int j = 0; j < dim; j++) {
        centroids[c][j] = (float) (sums[c][j] / sizes[c]);
      }
    }
    return centroids;
  }

  @Override
  public String toString() {
    return "KMeans[k=" + k + ", maxIterations=" + maxIterations + ", seed=" + seed + ", kernel=" + kernel + "]";
  }
}
