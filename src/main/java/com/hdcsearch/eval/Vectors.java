package com.hdcsearch.eval;

/** Argument checks and layout conversions for row-major embedding matrices. */
final class Vectors {

  private Vectors() {}

  /**
   * Checks that {@code rows} is a non-empty matrix of finite values with one shared row length, and returns that
   * length. NaN or infinite values are refused because they would make neighbour order undefined.
   */
  static int checkMatrix(float[][] rows, String name) {
    if (rows == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (rows.length == 0) {
      throw new IllegalArgumentException(name + " must have at least one row, got: 0");
    }
    if (rows[0] == null || rows[0].length == 0) {
      throw new IllegalArgumentException(name + "[0] must have at least one value");
    }
    int dim = rows[0].length;
    for (int i = 0; i < rows.length; i++) {
      float[] row = rows[i];
      if (row == null || row.length != dim) {
        throw new IllegalArgumentException(
            name + "[" + i + "] must have " + dim + " values, got: " + (row == null ? "null" : row.length));
      }
      for (int j = 0; j < dim; j++) {
        if (!Float.isFinite(row[j])) {
          throw new IllegalArgumentException(name + "[" + i + "][" + j + "] must be finite, got: " + row[j]);
        }
      }
    }
    return dim;
  }

  /** Checks that there is one label per row. */
  static void checkLabels(int[] labels, int rows, String name) {
    if (labels == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (labels.length != rows) {
      throw new IllegalArgumentException(name + " must have one label per row (" + rows + "), got: " + labels.length);
    }
  }

  /** Splits a flat row-major array into rows of {@code dim} values (copies). */
  static float[][] rows(float[] flat, int dim, String name) {
    if (flat == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be at least 1, got: " + dim);
    }
    if (flat.length % dim != 0) {
      throw new IllegalArgumentException(
          name + " length must be a multiple of dim " + dim + ", got: " + flat.length);
    }
    float[][] rows = new float[flat.length / dim][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new float[dim];
      System.arraycopy(flat, i * dim, rows[i], 0, dim);
    }
    return rows;
  }

  /** Copies rows {@code [from, to)} into one flat row-major array. */
  static float[] flatten(float[][] rows, int from, int to) {
    int dim = rows[from].length;
    float[] flat = new float[(to - from) * dim];
    for (int i = from; i < to; i++) {
      System.arraycopy(rows[i], 0, flat, (i - from) * dim, dim);
    }
    return flat;
  }
}
