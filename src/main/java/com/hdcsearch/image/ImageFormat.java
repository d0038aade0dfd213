package com.hdcsearch.image;

/** Image formats told apart by their leading magic bytes; only {@link #PNG} and {@link #JPEG} are decoded. */
public enum ImageFormat {
  PNG("image/png", true),
  JPEG("image/jpeg", true),
  GIF("image/gif", false),
  BMP("image/bmp", false),
  WEBP("image/webp", false),
  TIFF("image/tiff", false),
  /** No known signature: random bytes, text, or a format we do not know. */
  UNKNOWN("application/octet-stream", false);

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final String contentType;
  private final boolean decodable;

  ImageFormat(String contentType, boolean decodable) {
    this.contentType = contentType;
    this.decodable = decodable;
  }

  /** MIME type, e.g. {@code image/png}. */
  public String contentType() {
    return contentType;
  }

  /** Whether {@link ImageDecoder} decodes this format. */
  public boolean decodable() {
    return decodable;
  }

  /** The format whose signature starts {@code bytes}; {@link #UNKNOWN} when none matches. */
  public static ImageFormat detect(byte[] bytes) {
    if (startsWith(bytes, PNG_MAGIC)) {
      return PNG;
    }
    if (startsWith(bytes, 0xff, 0xd8, 0xff)) {
      return JPEG;
    }
    if (startsWith(bytes, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (startsWith(bytes, 'B', 'M')) {
      return BMP;
    }
    // RIFF container whose form type (bytes 8-11) is WEBP.
    if (startsWith(bytes, 'R', 'I', 'F', 'F') && bytes.length >= 12
        && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
      return WEBP;
    }
    if (startsWith(bytes, 'I', 'I', 42, 0) || startsWith(bytes, 'M', 'M', 0, 42)) {
      return TIFF;
    }
    return UNKNOWN;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    byte[] asBytes = new byte[prefix.length];
    for (int i = 0; i < prefix.length; i++) {
      asBytes[i] = (byte) prefix[i];
    }
    return startsWith(bytes, asBytes);
  }
}
