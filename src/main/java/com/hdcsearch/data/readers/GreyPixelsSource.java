package com.hdcsearch.data.readers;

import com.hdcsearch.data.ImageSource;
import com.hdcsearch.image.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;

/**
 * One grey image inside a split's shared pixel array (IDX data): decoded without any codec, PNG-encoded on demand.
 * The array is shared by every image of the split and never written.
 */
final class GreyPixelsSource implements ImageSource {
  private final byte[] pixels;
  private final int offset;
  private final int width;
  private final int height;

  GreyPixelsSource(byte[] pixels, int offset, int width, int height) {
    if (offset < 0 || offset + width * height > pixels.length) {
      throw new IllegalArgumentException("image at offset " + offset + " of " + width + "x" + height
          + " does not fit in " + pixels.length + " bytes");
    }
    this.pixels = pixels;
    this.offset = offset;
    this.width = width;
    this.height = height;
  }

  @Override
  public byte[] encoded() throws IOException {
    return PngEncoder.encode(decode());
  }

  @Override
  public String contentType() {
    return "image/png";
  }

  /** A fresh TYPE_BYTE_GRAY image with a copy of the pixels, so callers cannot change the shared array. */
  @Override
  public BufferedImage decode() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, width, height, Arrays.copyOfRange(pixels, offset, offset + width * height));
    return image;
  }
}
