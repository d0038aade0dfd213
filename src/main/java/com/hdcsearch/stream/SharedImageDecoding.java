package com.hdcsearch.stream;

import com.hdcsearch.image.ImageDecodeException;
import com.hdcsearch.image.ImageDecoder;
import com.hdcsearch.image.ImageLimits;
import java.awt.image.BufferedImage;

/** The pipeline's image check through the shared {@link ImageDecoder}, its reasons mapped to dead-letter codes. */
public final class SharedImageDecoding implements ImageDecoding {
  private final ImageDecoder decoder;

  /** Refuses images over {@code maxBytes} encoded bytes or {@code maxPixels} declared pixels. */
  public SharedImageDecoding(long maxBytes, long maxPixels) {
    this.decoder = new ImageDecoder(new ImageLimits(maxBytes, maxPixels));
  }

  @Override
  public BufferedImage decode(byte[] encoded) throws ImageRejectedException {
    try {
      return decoder.decode(encoded);
    } catch (ImageDecodeException e) {
      RejectReason reason = switch (e.reason()) {
        case EMPTY -> RejectReason.EMPTY_IMAGE;
        case TRUNCATED -> RejectReason.TRUNCATED_IMAGE;
        case CORRUPT -> RejectReason.UNDECODABLE_IMAGE;
        case UNSUPPORTED_FORMAT -> RejectReason.UNSUPPORTED_TYPE;
        case TOO_MANY_PIXELS -> RejectReason.TOO_MANY_PIXELS;
        case TOO_MANY_BYTES -> RejectReason.TOO_MANY_BYTES;
      };
      throw new ImageRejectedException(reason, e.getMessage());
    }
  }
}
