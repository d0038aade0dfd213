package com.hdcsearch.data.readers;

import com.hdcsearch.data.ImageSource;
import com.hdcsearch.image.ImageDecodeException;
import com.hdcsearch.image.ImageDecodeException.Reason;
import com.hdcsearch.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An image file on disk, read only when asked. A missing file fails then, with the path in the message.
 *
 * @param path the image file
 * @param decoder decodes within its limits; a file above the byte limit is refused before it is read
 */
public record FileImageSource(Path path, ImageDecoder decoder) implements ImageSource {

  @Override
  public byte[] encoded() throws IOException {
    long size = Files.size(path);
    if (size > decoder.limits().maxBytes()) {
      throw new ImageDecodeException(Reason.TOO_MANY_BYTES,
          path + " is " + size + " bytes, limit " + decoder.limits().maxBytes());
    }
    return Files.readAllBytes(path);
  }

  /** From the file name, so that listing a data set opens no file. */
  @Override
  public String contentType() {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      return "image/png";
    }
    if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    return "application/octet-stream";
  }

  @Override
  public BufferedImage decode() throws IOException {
    try {
      return decoder.decode(encoded());
    } catch (ImageDecodeException e) {
      throw e.withContext(path.toString());
    }
  }
}
