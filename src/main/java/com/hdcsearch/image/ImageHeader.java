package com.hdcsearch.image;

/**
 * What an encoded image's header declares, read without decoding its pixels.
 *
 * @param format the detected format
 * @param width width in pixels
 * @param height height in pixels
 */
public record ImageHeader(ImageFormat format, int width, int height) {
  /** width x height, as a long so that huge declared sizes do not overflow. */
  public long pixels() {
    return (long) width * height;
  }
}
