package com.hdcsearch.eval;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/** Runs the retrieval evaluation protocols (zero-shot and query-vs-gallery) and returns an {@link EvalReport}. */
public final class Evaluator {

  private static final double NANOS_PER_SECOND = 1e9;

  private final ExactNeighbours neighbours;
  private final DotKernel kernel;
  private final int maxKMeansIterations;

  /** An evaluator with the default kernel, block size and k-means iteration cap. */
  public Evaluator() {
    this(DotKernel.DEFAULT, ExactNeighbours.DEFAULT_BLOCK_SIZE, KMeans.DEFAULT_MAX_ITERATIONS);
  }

  /** An evaluator with the given dot-product kernel, query block size and k-means iteration cap. */
  public Evaluator(DotKernel kernel, int blockSize, int maxKMeansIterations) {
    if (maxKMeansIterations < 1) {
      throw new IllegalArgumentException("maxKMeansIterations must be at least 1, got: " + maxKMeansIterations);
    }
    this.neighbours = new ExactNeighbours(kernel, blockSize);
    this.kernel = kernel;
    this.maxKMeansIterations = maxKMeansIterations;
  }

  /** Zero-shot protocol: every embedding is a query against all others, itself excluded; {@code seed} seeds k-means. */
  public EvalReport evaluate(float[][] embeddings, int[] labels, List<Integer> ks, long seed) {
    long start = System.nanoTime();
    Vectors.checkMatrix(embeddings, "embeddings");
    Vectors.checkLabels(labels, embeddings.length, "labels");
    RecallAtK.checkKs(ks);
    if (embeddings.length < 2) {
      throw new IllegalArgumentException("embeddings must number at least 2, got: " + embeddings.length);
    }
    int depth = Math.max(Collections.max(ks), MapAtR.maxR(labels, labels, true));
    Neighbours found = neighbours.searchSelf(embeddings, depth);
    return report(found, embeddings, labels, labels, ks, seed, true, embeddings.length, start);
  }

  /** Query-vs-gallery protocol (In-shop): nothing excluded; NMI clusters the queries; {@code seed} seeds k-means. */
  public EvalReport evaluate(
      float[][] query, int[] queryLabels, float[][] gallery, int[] galleryLabels, List<Integer> ks, long seed) {
    long start = System.nanoTime();
    Vectors.checkMatrix(query, "query");
    Vectors.checkLabels(queryLabels, query.length, "queryLabels");
    Vectors.checkMatrix(gallery, "gallery");
    Vectors.checkLabels(galleryLabels, gallery.length, "galleryLabels");
    RecallAtK.checkKs(ks);
    int depth = Math.max(Collections.max(ks), MapAtR.maxR(queryLabels, galleryLabels, false));
    Neighbours found = neighbours.search(query, gallery, depth);
    return report(found, query, queryLabels, galleryLabels, ks, seed, false, query.length + gallery.length, start);
  }

  private EvalReport report(
      Neighbours found,
      float[][] query,
      int[] queryLabels,
      int[] galleryLabels,
      List<Integer> ks,
      long seed,
      boolean selfExcluded,
      int images,
      long start) {
    SortedMap<Integer, Double> recall = RecallAtK.compute(found, queryLabels, galleryLabels, ks);
    double mapAtR = MapAtR.compute(found, queryLabels, galleryLabels, selfExcluded);
    double nmi = nmi(query, queryLabels, seed);
    int galleryCount = galleryLabels.length;
    double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
    return new EvalReport(
        recall, mapAtR, nmi, images, classes(queryLabels, galleryLabels), query.length, galleryCount, seconds);
  }

  /** NMI between k-means clusters (k = number of distinct labels) and the labels. */
  double nmi(float[][] points, int[] labels, long seed) {
    int k = DenseLabels.of(labels).classes();
    KMeans.Result clusters = new KMeans(k, maxKMeansIterations, seed, kernel).cluster(points);
    return NormalizedMutualInfo.of(clusters.assignments(), labels);
  }

  private static int classes(int[] queryLabels, int[] galleryLabels) {
    Set<Integer> distinct = new HashSet<>();
    for (int label : queryLabels) {
      distinct.add(label);
    }
    for (int label : galleryLabels) {
      distinct.add(label);
    }
    return distinct.size();
  }
}
