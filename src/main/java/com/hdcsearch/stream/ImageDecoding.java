package com.hdcsearch.stream;

import java.awt.image.BufferedImage;

/**
 * Checks and decodes encoded image bytes. The one seam between the pipeline and the image library, implemented by
 * {@link SharedImageDecoding} over the shared {@code com.hdcsearch.image.ImageDecoder}.
 */
public interface ImageDecoding {
  /** The decoded image; or why not, as a reason the dead-letter topic and the API report. */
  BufferedImage decode(byte[] encoded) throws ImageRejectedException;
}
