package com.hdcsearch.eval;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SortedMap;

/**
 * Prints how long the evaluation takes on synthetic embeddings: {@code images} unit vectors of {@code dim} values in
 * {@code classes} noisy clusters. Arguments (all optional): images dim classes seed. Not a test: figures, not asserts.
 */
public final class EvalBench {

  private static final int DEFAULT_IMAGES = 10_000;
  private static final int DEFAULT_DIM = 384;
  private static final int DEFAULT_CLASSES = 100;
  private static final long DEFAULT_SEED = 42L;
  /** Noise per coordinate relative to a unit class centre: enough that Recall@1 is well below 1. */
  private static final double NOISE = 0.2;
  private static final List<Integer> KS = RecallKs.FINE_GRAINED;
  private static final double NANOS_PER_SECOND = 1e9;

  private EvalBench() {}

  /** Runs the benchmark and prints one line per kernel plus the façade's total. */
  public static void main(String[] args) {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_IMAGES;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_DIM;
    int classes = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_CLASSES;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : DEFAULT_SEED;
    System.out.println("seed=" + seed + " cores=" + Runtime.getRuntime().availableProcessors());
    int[] labels = new int[images];
    float[][] embeddings = syntheticEmbeddings(images, dim, classes, seed, labels);

    for (DotKernel kernel : DotKernel.values()) {
      runPhases(kernel, embeddings, labels, seed); // warm-up: JIT and native libraries
      runPhases(kernel, embeddings, labels, seed);
    }
    EvalReport report = new Evaluator().evaluate(embeddings, labels, KS, seed);
    System.out.printf(Locale.ROOT, "evaluator kernel=%s total_s=%.2f recall=%s map_at_r=%.4f nmi=%.4f%n",
        DotKernel.DEFAULT, report.seconds(), report.recall(), report.mapAtR(), report.nmi());
  }

  private static void runPhases(DotKernel kernel, float[][] embeddings, int[] labels, long seed) {
    long t0 = System.nanoTime();
    int depth = Math.max(KS.get(KS.size() - 1), MapAtR.maxR(labels, labels, true));
    Neighbours found = new ExactNeighbours(kernel, ExactNeighbours.DEFAULT_BLOCK_SIZE).searchSelf(embeddings, depth);
    long t1 = System.nanoTime();
    SortedMap<Integer, Double> recall = RecallAtK.compute(found, labels, labels, KS);
    double mapAtR = MapAtR.compute(found, labels, labels, true);
    long t2 = System.nanoTime();
    int k = DenseLabels.of(labels).classes();
    KMeans.Result clusters = new KMeans(k, KMeans.DEFAULT_MAX_ITERATIONS, seed, kernel).cluster(embeddings);
    double nmi = NormalizedMutualInfo.of(clusters.assignments(), labels);
    long t3 = System.nanoTime();
    System.out.printf(Locale.ROOT,
        "eval images=%d dim=%d kernel=%s depth=%d knn_s=%.2f metrics_s=%.3f nmi_s=%.2f kmeans_iters=%d total_s=%.2f"
            + " r@1=%.4f map_at_r=%.4f nmi=%.4f%n",
        embeddings.length, embeddings[0].length, kernel, depth, seconds(t1 - t0), seconds(t2 - t1),
        seconds(t3 - t2), clusters.iterations(), seconds(t3 - t0), recall.get(1), mapAtR, nmi);
  }

  /** Unit vectors: a random unit centre per class plus Gaussian noise, normalised; labels are written to {@code out}. */
  static float[][] syntheticEmbeddings(int images, int dim, int classes, long seed, int[] labelsOut) {
    Random random = new Random(seed);
    float[][] centres = new float[classes][];
    for (int c = 0; c < classes; c++) {
      centres[c] = normalise(gaussian(random, dim, 1.0));
    }
    float[][] embeddings = new float[images][];
    for (int i = 0; i < images; i++) {
      int label = random.nextInt(classes);
      float[] v = gaussian(random, dim, NOISE);
      for (int j = 0; j < dim; j++) {
        v[j] += centres[label][j];
      }
      embeddings[i] = normalise(v);
      labelsOut[i] = label;
    }
    return embeddings;
  }

  private static float[] gaussian(Random random, int dim, double scale) {
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) {
      v[j] = (float) (random.nextGaussian() * scale);
    }
    return v;
  }

  private static float[] normalise(float[] v) {
    double norm = 0.0;
    for (float x : v) {
      norm += x * x;
    }
    float inverse = (float) (1.0 / Math.sqrt(norm));
    for (int j = 0; j < v.length; j++) {
      v[j] *= inverse;
    }
    return v;
  }

  private static double seconds(long nanos) {
    return nanos / NANOS_PER_SECOND;
  }
}
