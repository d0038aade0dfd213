package com.hdcsearch.index.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;

/** Writes the {@code .fvecs} / {@code .ivecs} formats that {@link FvecsReader} reads (and faiss, hnswlib). */
public final class FvecsWriter {
  private static final int BUFFER_BYTES = 1 << 16;

  private FvecsWriter() {}

  /** Writes {@code vectors} (one shared dimension) as float32 little-endian, replacing {@code file}. */
  public static void writeFvecs(Path file, float[][] vectors) throws IOException {
    int dim = checkRows(vectors == null ? -1 : vectors.length, i -> vectors[i] == null ? -1 : vectors[i].length);
    ByteBuffer record = ByteBuffer.allocate(Integer.BYTES + dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES)) {
      for (float[] v : vectors) {
        record.clear();
        record.putInt(dim);
        for (float x : v) {
          record.putFloat(x);
        }
        out.write(record.array());
      }
    }
  }

  /** Writes {@code vectors} (one shared dimension) as int32 little-endian, replacing {@code file}. */
  public static void writeIvecs(Path file, int[][] vectors) throws IOException {
    int dim = checkRows(vectors == null ? -1 : vectors.length, i -> vectors[i] == null ? -1 : vectors[i].length);
    ByteBuffer record = ByteBuffer.allocate(Integer.BYTES + dim * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES)) {
      for (int[] v : vectors) {
        record.clear();
        record.putInt(dim);
        for (int x : v) {
          record.putInt(x);
        }
        out.write(record.array());
      }
    }
  }

  /** Checks there is at least one row and all rows share a positive length; returns it. */
  private static int checkRows(int rows, IntUnaryOperator length) {
    if (rows < 1) {
      throw new IllegalArgumentException("vectors must hold at least one row, got: " + Math.max(rows, 0));
    }
    int dim = length.applyAsInt(0);
    if (dim < 1) {
      throw new IllegalArgumentException("vectors[0] must have at least one value, got: " + dim);
    }
    for (int i = 1; i < rows; i++) {
      if (length.applyAsInt(i) != dim) {
        throw new IllegalArgumentException(
            "vectors[" + i + "] must have " + dim + " values, got: " + length.applyAsInt(i));
      }
    }
    return dim;
  }
}
