package com.hdcsearch.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Encodes pixels as PNG bytes, for sources that hold raw or resized pixels but must hand out encoded images. */
public final class PngEncoder {
  private PngEncoder() {}

  /** {@code image} as PNG; lossless, so decoding gives the same pixels back. */
  public static byte[] encode(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer for image type " + image.getType());
    }
    return out.toByteArray();
  }
}
