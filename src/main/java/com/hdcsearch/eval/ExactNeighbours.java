package com.hdcsearch.eval;

/**
 * Exact k-nearest-neighbour search by Euclidean distance on unit vectors (equivalently, largest dot product), computed
 * as blocks of query rows against the whole gallery. Ties go to the lower gallery index. Thread-safe.
 */
public final class ExactNeighbours {

  /** Query rows per block. */
  public static final int DEFAULT_BLOCK_SIZE = 1024;

  /** Cap on one block's dot products (64 MiB of floats), so that large galleries get fewer rows per block. */
  static final long MAX_BLOCK_SCORES = 16L * 1024 * 1024;

  private final DotKernel kernel;
  private final int blockSize;

  /** Search with {@link DotKernel#DEFAULT} and {@link #DEFAULT_BLOCK_SIZE}. */
  public ExactNeighbours() {
    this(DotKernel.DEFAULT, DEFAULT_BLOCK_SIZE);
  }

  /** Search with the given kernel and at most {@code blockSize} query rows per block. */
  public ExactNeighbours(DotKernel kernel, int blockSize) {
    if (kernel == null) {
      throw new IllegalArgumentException("kernel must not be null");
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException("blockSize must be at least 1, got: " + blockSize);
    }
    this.kernel = kernel;
    this.blockSize = blockSize;
  }

  /**
   * Zero-shot protocol: every row is a query against all rows, the query itself excluded by index (its duplicates are
   * kept). Depth is {@code min(k, rows - 1)}.
   */
  public Neighbours searchSelf(float[][] vectors, int k) {
    Vectors.checkMatrix(vectors, "vectors");
    return search(vectors, vectors, k, true);
  }

  /** {@link #searchSelf(float[][], int)} on a flat row-major array of {@code dim}-value rows. */
  public Neighbours searchSelf(float[] vectors, int dim, int k) {
    return searchSelf(Vectors.rows(vectors, dim, "vectors"), k);
  }

  /** Query-vs-gallery protocol: nothing is excluded. Depth is {@code min(k, gallery rows)}. */
  public Neighbours search(float[][] queries, float[][] gallery, int k) {
    int queryDim = Vectors.checkMatrix(queries, "queries");
    int galleryDim = Vectors.checkMatrix(gallery, "gallery");
    if (queryDim != galleryDim) {
      throw new IllegalArgumentException(
          "queries and gallery must have the same dimension, got: " + queryDim + " and " + galleryDim);
    }
    return search(queries, gallery, k, false);
  }

  /** {@link #search(float[][], float[][], int)} on flat row-major arrays of {@code dim}-value rows. */
  public Neighbours search(float[] queries, float[] gallery, int dim, int k) {
    return search(Vectors.rows(queries, dim, "queries"), Vectors.rows(gallery, dim, "gallery"), k);
  }

  private Neighbours search(float[][] queries, float[][] gallery, int k, boolean excludeSelf) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
    int n = gallery.length;
    int available = excludeSelf ? n - 1 : n;
    if (available < 1) {
      throw new IllegalArgumentException("gallery must hold at least one candidate per query, got: " + available);
    }
    int depth = Math.min(k, available);
    int rowsPerBlock = (int) Math.max(1, Math.min(blockSize, MAX_BLOCK_SCORES / n));
    int[] indices = new int[queries.length * depth];
    float[] similarities = new float[queries.length * depth];
    TopKSelector selector = new TopKSelector(depth);
    try (BlockDots dots = kernel.open(gallery)) {
      for (int from = 0; from < queries.length; from += rowsPerBlock) {
        int to = Math.min(queries.length, from + rowsPerBlock);
        float[] block = dots.dots(queries, from, to);
        for (int q = from; q < to; q++) {
          selector.reset();
          selector.offerRow(block, (q - from) * n, n, excludeSelf ? q : -1);
          selector.drainBestFirst(indices, similarities, q * depth);
        }
      }
    }
    return new Neighbours(queries.length, depth, indices, similarities);
  }

  @Override
  public String toString() {
    return "ExactNeighbours[kernel=" + kernel + ", blockSize=" + blockSize + "]";
  }
}
