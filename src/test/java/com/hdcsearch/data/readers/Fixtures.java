package com.hdcsearch.data.readers;

import com.hdcsearch.image.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small real files in the official layouts, for reader and CLI tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A real {@code size} x {@code size} image file; the format follows the extension (.png RGBA, .jpg RGB). */
  public static Path image(Path file, int size, long seed) {
    boolean png = file.getFileName().toString().endsWith(".png");
    BufferedImage image = png
        ? TestImages.solid(size, size, BufferedImage.TYPE_INT_ARGB, new Color((int) (seed * 37 % 256), 90, 200, 128))
        : TestImages.noise(size, size, seed);
    return write(file, TestImages.encode(image, png ? "png" : "jpeg"));
  }

  public static Path text(Path file, String content) {
    return write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  public static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An unsigned-byte IDX file with the given dimensions and data, gzip-compressed or plain. */
  public static Path idx(Path file, int[] dims, byte[] data, boolean gzip) {
    ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
    header.putInt(0x0800 | dims.length);
    for (int d : dims) {
      header.putInt(d);
    }
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream raw = Files.newOutputStream(file);
          OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
        out.write(header.array());
        out.write(data);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Fashion-MNIST layout in {@code dir}: {@code train} and {@code test} images of {@code rows} x {@code cols} whose
   * pixel values are {@code (index * 7 + position) % 256} and labels {@code index % 10}.
   */
  public static Path fashionMnist(Path dir, int train, int test, int rows, int cols, boolean gzip) {
    String suffix = gzip ? ".gz" : "";
    for (String[] split : new String[][] {{"train", String.valueOf(train)}, {"t10k", String.valueOf(test)}}) {
      int count = Integer.parseInt(split[1]);
      byte[] pixels = new byte[count * rows * cols];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) ((i / (rows * cols)) * 7 + i % (rows * cols));
      }
      byte[] labels = new byte[count];
      for (int i = 0; i < count; i++) {
        labels[i] = (byte) (i % 10);
      }
      idx(dir.resolve(split[0] + "-images-idx3-ubyte" + suffix), new int[] {count, rows, cols}, pixels, gzip);
      idx(dir.resolve(split[0] + "-labels-idx1-ubyte" + suffix), new int[] {count}, labels, gzip);
    }
    return dir;
  }
}
