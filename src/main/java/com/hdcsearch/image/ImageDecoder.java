package com.hdcsearch.image;

import com.hdcsearch.image.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes untrusted PNG and JPEG bytes within {@link ImageLimits}. Every failure is an {@link ImageDecodeException}
 * with a typed reason, never a bare IOException or runtime exception from ImageIO. The pixel count is checked from the
 * header before any pixel is decoded. A cut-off file is {@code TRUNCATED} (PNG: no complete chunk sequence up to IEND;
 * JPEG: decoding fails or warns and there is no end-of-image marker after the last scan); other decoding failures and
 * decoder warnings are {@code CORRUPT}. Thread-safe: each call uses its own ImageIO reader.
 */
public final class ImageDecoder {
  /** Leading bytes shown in the message for an unknown format. */
  private static final int SHOWN_MAGIC_BYTES = 8;

  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null");
    }
    this.limits = limits;
  }

  /** A decoder with {@link ImageLimits#defaults()}. */
  public ImageDecoder() {
    this(ImageLimits.defaults());
  }

  public ImageLimits limits() {
    return limits;
  }

  /** The format of {@code bytes} by its magic bytes, without checking anything else. */
  public ImageFormat detect(byte[] bytes) {
    return ImageFormat.detect(bytes == null ? new byte[0] : bytes);
  }

  /** Checks size, format and container structure and reads the header; decodes no pixels. */
  public ImageHeader readHeader(byte[] bytes) throws ImageDecodeException {
    ImageFormat format = checkBytes(bytes);
    ImageReader reader = readerFor(format);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      return header(reader, format, bytes);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      // Only closing the in-memory stream can land here.
      throw failure(format, bytes, "cannot read the header", e);
    } finally {
      reader.dispose();
    }
  }

  /** Decodes {@code bytes} to pixels after checking size, format, structure and declared pixel count. */
  public BufferedImage decode(byte[] bytes) throws ImageDecodeException {
    ImageFormat format = checkBytes(bytes);
    ImageReader reader = readerFor(format);
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      header(reader, format, bytes);
      BufferedImage image;
      try {
        image = reader.read(0);
      } catch (IOException | RuntimeException e) {
        // ImageIO's decoders throw runtime exceptions (index, null pointer, arithmetic) on some damaged inputs.
        throw failure(format, bytes, "cannot decode the pixels", e);
      }
      if (!warnings.isEmpty()) {
        // The JPEG decoder only warns on a premature end and fills the rest grey: a damaged image, not a usable one.
        throw failure(format, bytes, "decoder warned: " + String.join("; ", warnings), null);
      }
      return image;
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      // Only closing the in-memory stream can land here.
      throw failure(format, bytes, "cannot read the stream", e);
    } finally {
      reader.dispose();
    }
  }

  private ImageFormat checkBytes(byte[] bytes) throws ImageDecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new ImageDecodeException(Reason.EMPTY, "image has 0 bytes");
    }
    if (bytes.length > limits.maxBytes()) {
      throw new ImageDecodeException(Reason.TOO_MANY_BYTES,
          "image is " + bytes.length + " bytes, limit " + limits.maxBytes());
    }
    ImageFormat format = ImageFormat.detect(bytes);
    if (format == ImageFormat.UNKNOWN) {
      int shown = Math.min(SHOWN_MAGIC_BYTES, bytes.length);
      throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT, "not a PNG or JPEG image: starts with bytes "
          + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown) + " (" + bytes.length + " bytes)");
    }
    if (!format.decodable()) {
      throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
          format + " images are not supported, only PNG and JPEG (" + bytes.length + " bytes)");
    }
    if (format == ImageFormat.PNG) {
      EncodedStructure.Problem problem = EncodedStructure.pngProblem(bytes);
      if (problem != null) {
        throw new ImageDecodeException(problem.reason(), problem.message());
      }
    }
    return format;
  }

  private ImageHeader header(ImageReader reader, ImageFormat format, byte[] bytes) throws ImageDecodeException {
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw failure(format, bytes, "cannot read the header", e);
    }
    ImageHeader header = new ImageHeader(format, width, height);
    if (width < 1 || height < 1) {
      throw new ImageDecodeException(Reason.CORRUPT, format + " header declares " + width + "x" + height + " pixels");
    }
    if (header.pixels() > limits.maxPixels()) {
      throw new ImageDecodeException(Reason.TOO_MANY_PIXELS, "image is " + width + "x" + height + " = "
          + header.pixels() + " pixels, limit " + limits.maxPixels());
    }
    return header;
  }

  private static ImageReader readerFor(ImageFormat format) throws ImageDecodeException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
    if (!readers.hasNext()) {
      throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT, "this JVM has no ImageIO reader for " + format);
    }
    return readers.next();
  }

  /** Classifies a decoder failure as TRUNCATED or CORRUPT from the file's structure, not the decoder's wording. */
  private static ImageDecodeException failure(ImageFormat format, byte[] bytes, String what, Throwable cause) {
    String detail = cause == null ? "" : ": " + cause.getClass().getSimpleName() + " " + cause.getMessage();
    boolean truncated = cause instanceof EOFException
        || cause != null && cause.getCause() instanceof EOFException
        || format == ImageFormat.JPEG && !EncodedStructure.jpegHasEndOfImage(bytes);
    Reason reason = truncated ? Reason.TRUNCATED : Reason.CORRUPT;
    String message = format + " of " + bytes.length + " bytes: " + what + detail
        + (truncated ? " (the file ends before the image does)" : "");
    return new ImageDecodeException(reason, message, cause);
  }
}
