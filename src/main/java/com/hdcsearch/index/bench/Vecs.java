package com.hdcsearch.index.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fvecs / ivecs formats of the ANN benchmarks (TEXMEX): per vector a little-endian int32 dimension, then that many
 * little-endian float32 (fvecs) or int32 (ivecs) values.
 */
public final class Vecs {
  private Vecs() {}

  /** Reads up to {@code limit} vectors of an fvecs file. */
  public static float[][] readFvecs(Path file, int limit) throws IOException {
    List<float[]> out = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      byte[] header = new byte[4];
      while (out.size() < limit) {
        if (!readFullyOrEof(in, header)) {
          break;
        }
        int dim = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (dim < 1 || dim > 1 << 16) {
          throw new IOException(file + ": vector " + out.size() + " has an implausible dimension " + dim);
        }
        byte[] body = new byte[4 * dim];
        in.readFully(body);
        float[] v = new float[dim];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        if (!out.isEmpty() && dim != out.get(0).length) {
          throw new IOException(file + ": vector " + out.size() + " has dimension " + dim + ", the first had "
              + out.get(0).length);
        }
        out.add(v);
      }
    }
    return out.toArray(new float[0][]);
  }

  /** Writes vectors as fvecs. */
  public static void writeFvecs(Path file, float[][] vectors) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (float[] v : vectors) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(v.length);
        b.asFloatBuffer().put(v);
        out.write(b.array());
      }
    }
  }

  /** Writes integer rows (neighbour ids) as ivecs. */
  public static void writeIvecs(Path file, int[][] rows) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (int[] row : rows) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(row.length);
        b.asIntBuffer().put(row);
        out.write(b.array());
      }
    }
  }

  private static boolean readFullyOrEof(InputStream in, byte[] buf) throws IOException {
    int n = in.readNBytes(buf, 0, buf.length);
    if (n == 0) {
      return false;
    }
    if (n < buf.length) {
      throw new EOFException("truncated vector header");
    }
    return true;
  }
}
