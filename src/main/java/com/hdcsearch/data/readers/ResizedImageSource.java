package com.hdcsearch.data.readers;

import com.hdcsearch.data.ImageSource;
import com.hdcsearch.image.ImageDecoder;
import com.hdcsearch.image.ImageFormat;
import com.hdcsearch.image.ImageHeader;
import com.hdcsearch.image.ImageResizer;
import com.hdcsearch.image.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * Another source's image at {@code size} x {@code size}, alpha kept, always encoded as PNG. Stored bytes pass through
 * untouched when they are a PNG of that size already (checked from the header alone); otherwise they are re-encoded.
 *
 * @param inner the stored image
 * @param size side in pixels
 * @param decoder reads the header and decodes the stored bytes
 */
public record ResizedImageSource(ImageSource inner, int size, ImageDecoder decoder) implements ImageSource {
  public ResizedImageSource {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got: " + size);
    }
  }

  @Override
  public byte[] encoded() throws IOException {
    byte[] stored = inner.encoded();
    ImageHeader header = decoder.readHeader(stored);
    if (header.format() == ImageFormat.PNG && header.width() == size && header.height() == size) {
      return stored;
    }
    return PngEncoder.encode(ImageResizer.square(decoder.decode(stored), size));
  }

  @Override
  public String contentType() {
    return "image/png";
  }

  @Override
  public BufferedImage decode() throws IOException {
    return ImageResizer.square(inner.decode(), size);
  }
}
