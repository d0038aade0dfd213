package com.hdcsearch.data.readers;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file of unsigned bytes (the MNIST format), gzip-compressed or plain (told apart by the gzip magic, not the
 * file name): a 4-byte magic {@code 00 00 08 <dims>}, one big-endian int per dimension, then the data.
 *
 * @param dims the dimensions, e.g. {@code [60000, 28, 28]}
 * @param data all values, row-major
 */
record IdxFile(int[] dims, byte[] data) {
  /** IDX type code of unsigned bytes, the only type Fashion-MNIST uses. */
  private static final int UNSIGNED_BYTE = 0x08;
  private static final int GZIP_MAGIC_0 = 0x1f;
  private static final int GZIP_MAGIC_1 = 0x8b;

  /** Reads and checks the whole file. */
  static IdxFile read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream in = new DataInputStream(maybeGunzip(raw))) {
      int magic = in.readInt();
      int type = (magic >>> 8) & 0xff;
      int rank = magic & 0xff;
      if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > 3) {
        throw new IOException(file + ": not an unsigned-byte IDX file (magic 0x" + Integer.toHexString(magic) + ")");
      }
      int[] dims = new int[rank];
      long total = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = in.readInt();
        if (dims[i] < 0) {
          throw new IOException(file + ": negative dimension " + dims[i]);
        }
        total *= dims[i];
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw new IOException(file + ": dimensions " + Arrays.toString(dims) + " exceed one array");
      }
      byte[] data = new byte[(int) total];
      try {
        in.readFully(data);
      } catch (EOFException e) {
        throw new IOException(file + ": truncated, dimensions " + Arrays.toString(dims) + " need " + total + " bytes", e);
      }
      return new IdxFile(dims, data);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated inside the IDX header", e);
    }
  }

  private static InputStream maybeGunzip(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1 ? new GZIPInputStream(in) : in;
  }
}
