package com.hdcsearch.index.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the TEXMEX vector formats that faiss and hnswlib use: per vector an int32 little-endian dimension, then that
 * many float32 ({@code .fvecs}) or int32 ({@code .ivecs}) little-endian values. Every vector must have the same
 * dimension.
 */
public final class FvecsReader {
  /** Refuses absurd headers (a file of another format) before allocating for them. */
  static final int MAX_DIMENSION = 1 << 16;
  private static final int BUFFER_BYTES = 1 << 16;

  private FvecsReader() {}

  /** All vectors of an {@code .fvecs} file. */
  public static float[][] readFvecs(Path file) throws IOException {
    List<ByteBuffer> records = readRecords(file);
    float[][] out = new float[records.size()][];
    for (int i = 0; i < out.length; i++) {
      ByteBuffer record = records.get(i);
      out[i] = new float[record.remaining() / Float.BYTES];
      record.asFloatBuffer().get(out[i]);
    }
    return out;
  }

  /** All vectors of an {@code .ivecs} file (e.g. ground-truth neighbour ids). */
  public static int[][] readIvecs(Path file) throws IOException {
    List<ByteBuffer> records = readRecords(file);
    int[][] out = new int[records.size()][];
    for (int i = 0; i < out.length; i++) {
      ByteBuffer record = records.get(i);
      out[i] = new int[record.remaining() / Integer.BYTES];
      record.asIntBuffer().get(out[i]);
    }
    return out;
  }

  /** The value bytes of each vector, little-endian; errors name the file and the 0-based vector number. */
  private static List<ByteBuffer> readRecords(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("Vector file not found: " + file);
    }
    List<ByteBuffer> records = new ArrayList<>();
    int dimension = -1;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES)) {
      byte[] header = new byte[Integer.BYTES];
      for (int vector = 0; ; vector++) {
        int got = in.readNBytes(header, 0, header.length);
        if (got == 0) {
          break;
        }
        if (got < header.length) {
          throw truncated(file, vector, "its dimension header has " + got + " of 4 bytes");
        }
        int dim = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (dim < 1 || dim > MAX_DIMENSION) {
          throw new IOException(file + ": vector " + vector + " has dimension " + dim + ", expected 1.."
              + MAX_DIMENSION + " (is this an fvecs/ivecs file?)");
        }
        if (dimension >= 0 && dim != dimension) {
          throw new IOException(
              file + ": vector " + vector + " has dimension " + dim + " but the first vector has " + dimension);
        }
        dimension = dim;
        byte[] values = new byte[dim * Float.BYTES];
        int read = in.readNBytes(values, 0, values.length);
        if (read < values.length) {
          throw truncated(file, vector, "it has " + read + " of " + values.length + " value bytes");
        }
        records.add(ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN));
      }
    }
    if (records.isEmpty()) {
      throw new IOException(file + ": holds no vectors");
    }
    return records;
  }

  private static EOFException truncated(Path file, int vector, String detail) {
    return new EOFException(file + ": truncated at vector " + vector + " (0-based): " + detail);
  }
}
