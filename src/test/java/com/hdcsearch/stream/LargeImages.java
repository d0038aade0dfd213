package com.hdcsearch.stream;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Valid PNGs of an exact size in bytes, like large catalog photos: seeded RGB noise (which does not compress, so the
 * file is about 3 bytes per pixel), padded to the byte with a text chunk before IEND.
 */
public final class LargeImages {
  /** Length, type and CRC of a PNG chunk, plus the text chunk's keyword and separator. */
  private static final int PAD_CHUNK_OVERHEAD = 12 + 4;
  private static final int IEND_LENGTH = 12;
  /** Room left below the target for the noise image, so that one encoding is enough. */
  private static final double HEADROOM = 0.995;

  private LargeImages() {}

  /** A valid RGB PNG of exactly {@code bytes} bytes (at least 64 KiB). */
  public static byte[] png(int bytes, long seed) {
    if (bytes < 65_536) {
      throw new IllegalArgumentException("bytes must be at least 65536, got: " + bytes);
    }
    int side = (int) Math.sqrt(bytes * HEADROOM / 3);
    byte[] noise = encode(noise(side, seed));
    int pad = bytes - noise.length;
    if (pad < PAD_CHUNK_OVERHEAD) {
      throw new IllegalStateException("noise PNG of side " + side + " is " + noise.length + " bytes, no room for "
          + bytes);
    }
    return withTextChunk(noise, pad - PAD_CHUNK_OVERHEAD);
  }

  private static BufferedImage noise(int side, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        img.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return img;
  }

  private static byte[] encode(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Inserts a tEXt chunk with {@code textBytes} bytes of text before the closing IEND chunk. */
  private static byte[] withTextChunk(byte[] png, int textBytes) {
    byte[] text = new byte[textBytes];
    Arrays.fill(text, (byte) 'x');
    byte[] keyword = "pad\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] type = "tEXt".getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer chunk = ByteBuffer.allocate(12 + keyword.length + text.length);
    chunk.putInt(keyword.length + text.length).put(type).put(keyword).put(text);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + keyword.length + text.length);
    chunk.putInt((int) crc.getValue());
    int iend = png.length - IEND_LENGTH;
    ByteBuffer out = ByteBuffer.allocate(png.length + chunk.capacity());
    out.put(png, 0, iend).put(chunk.array()).put(png, iend, IEND_LENGTH);
    return out.array();
  }
}
