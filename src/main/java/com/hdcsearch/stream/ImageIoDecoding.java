package com.hdcsearch.stream;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** PNG and JPEG through {@link ImageIO}, with byte and side limits checked before any pixel is decoded. */
public final class ImageIoDecoding implements ImageDecoding {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};
  private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

  private final int maxBytes;
  private final int maxSide;

  /** Refuses images over {@code maxBytes} encoded bytes or {@code maxSide} pixels wide or high. */
  public ImageIoDecoding(int maxBytes, int maxSide) {
    if (maxBytes < 1 || maxSide < 1) {
      throw new IllegalArgumentException("limits must be positive, got maxBytes=" + maxBytes + ", maxSide=" + maxSide);
    }
    this.maxBytes = maxBytes;
    this.maxSide = maxSide;
  }

  public int maxBytes() {
    return maxBytes;
  }

  @Override
  public BufferedImage decode(byte[] encoded) throws ImageRejectedException {
    if (encoded == null || encoded.length == 0) {
      throw new ImageRejectedException(RejectReason.EMPTY_IMAGE, "the image has no bytes");
    }
    if (encoded.length > maxBytes) {
      throw new ImageRejectedException(RejectReason.TOO_MANY_BYTES,
          "the image has " + encoded.length + " bytes, more than the limit of " + maxBytes);
    }
    if (!startsWith(encoded, PNG_MAGIC) && !startsWith(encoded, JPEG_MAGIC)) {
      throw new ImageRejectedException(RejectReason.UNSUPPORTED_TYPE, "the image is neither PNG nor JPEG (first bytes "
          + String.format("%02x %02x %02x", encoded[0], encoded.length > 1 ? encoded[1] : 0,
              encoded.length > 2 ? encoded[2] : 0) + ")");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageRejectedException(RejectReason.UNDECODABLE_IMAGE, "no decoder recognises the image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width > maxSide || height > maxSide) {
          throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS,
              "the image is " + width + "x" + height + " pixels, larger than the limit of " + maxSide + " per side");
        }
        BufferedImage image = reader.read(0);
        if (image == null || width < 1 || height < 1) {
          throw new ImageRejectedException(RejectReason.UNDECODABLE_IMAGE, "the image decodes to nothing");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO reports truncated or corrupt data as IOException, some codecs as runtime exceptions.
      throw new ImageRejectedException(RejectReason.UNDECODABLE_IMAGE, "the image does not decode: " + e.getMessage());
    }
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
