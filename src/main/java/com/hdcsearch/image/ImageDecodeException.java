package com.hdcsearch.image;

import java.io.IOException;
import java.util.Objects;

/**
 * An encoded image that was refused or could not be decoded, with the typed {@link Reason}. It is an
 * {@link IOException} so that it passes through {@code ImageSource.decode()} unchanged.
 */
public final class ImageDecodeException extends IOException {

  /** Why an image was refused. */
  public enum Reason {
    /** No bytes at all. */
    EMPTY,
    /** The bytes stop before the image does (a cut-off upload or download). */
    TRUNCATED,
    /** A supported format whose content is damaged. */
    CORRUPT,
    /** Not PNG or JPEG: a known other format (GIF, BMP, WebP, TIFF) or an unknown signature. */
    UNSUPPORTED_FORMAT,
    /** The header declares more pixels than {@link ImageLimits#maxPixels()}. */
    TOO_MANY_PIXELS,
    /** The encoded image is larger than {@link ImageLimits#maxBytes()}. */
    TOO_MANY_BYTES
  }

  private final Reason reason;
  private final String detail;

  public ImageDecodeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ImageDecodeException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = message;
  }

  /** The same failure with {@code context} (a file name, an item id) in front of the message. */
  public ImageDecodeException withContext(String context) {
    return new ImageDecodeException(reason, context + ": " + detail, this);
  }

  public Reason reason() {
    return reason;
  }
}
