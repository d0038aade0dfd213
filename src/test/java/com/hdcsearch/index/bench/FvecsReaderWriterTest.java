package com.hdcsearch.index.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FvecsReaderWriterTest {
  @TempDir Path dir;

  @Test
  void fvecsRoundTripKeepsEveryBit() throws IOException {
    Random random = new Random(BenchSeeds.seed("fvecsRoundTrip"));
    float[][] vectors = new float[37][13];
    for (float[] v : vectors) {
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) random.nextGaussian();
      }
    }
    vectors[3][5] = -0.0f;
    vectors[4][0] = Float.MIN_VALUE;
    Path file = dir.resolve("v.fvecs");
    FvecsWriter.writeFvecs(file, vectors);

    assertEquals(37L * (4 + 13 * 4), Files.size(file), "4-byte header plus 13 floats per vector");
    float[][] back = FvecsReader.readFvecs(file);
    assertEquals(vectors.length, back.length);
    for (int i = 0; i < vectors.length; i++) {
      assertArrayEquals(vectors[i], back[i], 0f, "vector " + i);
    }
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(back[3][5]));
  }

  @Test
  void ivecsRoundTripAndLittleEndianLayout() throws IOException {
    int[][] ids = {{0, 1, 2}, {70000, -1, Integer.MAX_VALUE}};
    Path file = dir.resolve("gt.ivecs");
    FvecsWriter.writeIvecs(file, ids);

    int[][] back = FvecsReader.readIvecs(file);
    assertArrayEquals(ids[0], back[0]);
    assertArrayEquals(ids[1], back[1]);
    ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(3, raw.getInt(0), "dimension header first");
    assertEquals(3, raw.getInt(16), "second header after 4 + 12 bytes");
    assertEquals(70000, raw.getInt(20), "then its first id");
    assertEquals(0x70, Files.readAllBytes(file)[20] & 0xff, "least significant byte first");
  }

  @Test
  void truncatedValuesNameTheFileAndTheVector() throws IOException {
    Path file = dir.resolve("cut.fvecs");
    FvecsWriter.writeFvecs(file, new float[5][8]);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

    EOFException e = assertThrows(EOFException.class, () -> FvecsReader.readFvecs(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("vector 4 (0-based)"), e.getMessage());
    assertTrue(e.getMessage().contains("29 of 32 value bytes"), e.getMessage());
  }

  @Test
  void truncatedHeaderNamesTheVector() throws IOException {
    Path file = dir.resolve("header.fvecs");
    FvecsWriter.writeFvecs(file, new float[2][4]);
    Files.write(file, new byte[] {4, 0}, java.nio.file.StandardOpenOption.APPEND);

    EOFException e = assertThrows(EOFException.class, () -> FvecsReader.readFvecs(file));
    assertTrue(e.getMessage().contains("vector 2 (0-based)") && e.getMessage().contains("2 of 4 bytes"),
        e.getMessage());
  }

  @Test
  void mixedDimensionsAndMissingFilesAreRefused() throws IOException {
    Path a = dir.resolve("a.fvecs");
    Path b = dir.resolve("b.fvecs");
    FvecsWriter.writeFvecs(a, new float[2][4]);
    FvecsWriter.writeFvecs(b, new float[1][3]);
    Path mixed = dir.resolve("mixed.fvecs");
    Files.write(mixed, concat(Files.readAllBytes(a), Files.readAllBytes(b)));

    IOException e = assertThrows(IOException.class, () -> FvecsReader.readFvecs(mixed));
    assertTrue(e.getMessage().contains("vector 2 has dimension 3 but the first vector has 4"), e.getMessage());
    IOException missing = assertThrows(IOException.class, () -> FvecsReader.readFvecs(dir.resolve("none.fvecs")));
    assertTrue(missing.getMessage().contains("none.fvecs"), missing.getMessage());
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> FvecsWriter.writeFvecs(dir.resolve("r.fvecs"), new float[][] {{1, 2}, {3}}));
    assertEquals("vectors[1] must have 2 values, got: 1", ragged.getMessage());
  }

  private static byte[] concat(byte[] x, byte[] y) {
    byte[] out = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
