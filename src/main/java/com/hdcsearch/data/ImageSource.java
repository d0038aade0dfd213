package com.hdcsearch.data;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** Where the pixels of one data-set image come from; loaded lazily so that a reader never holds a whole data set decoded. */
public interface ImageSource {

  /** The image as encoded bytes (PNG or JPEG): what a producer sends to Kafka. */
  byte[] encoded() throws IOException;

  /** MIME type of {@link #encoded()}, e.g. {@code image/png}. */
  String contentType();

  /** The decoded pixels. Sources that hold raw pixels (IDX files) return them without an encode/decode round trip. */
  BufferedImage decode() throws IOException;
}
