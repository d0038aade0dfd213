package com.hdcsearch.image;

import java.nio.charset.StandardCharsets;

/**
 * Checks of an encoded file's container structure, used to tell a cut-off file ({@code TRUNCATED}) from damaged
 * content ({@code CORRUPT}) without trusting a decoder's error text.
 */
final class EncodedStructure {
  private static final int PNG_SIGNATURE_LENGTH = 8;
  /** Length (4), type (4) before a chunk's data; CRC (4) after it. */
  private static final int PNG_CHUNK_OVERHEAD = 12;

  private EncodedStructure() {}

  /** The problem with a PNG's chunk sequence, or null when it runs complete up to its IEND chunk. */
  static Problem pngProblem(byte[] bytes) {
    int pos = PNG_SIGNATURE_LENGTH;
    while (true) {
      if (pos + 8 > bytes.length) {
        return new Problem(ImageDecodeException.Reason.TRUNCATED,
            "PNG ends after " + bytes.length + " bytes, before its IEND chunk (next chunk header at offset " + pos + ")");
      }
      long length = readUnsignedInt(bytes, pos);
      String type = new String(bytes, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return new Problem(ImageDecodeException.Reason.CORRUPT, "PNG chunk at offset " + pos + " has an invalid type");
      }
      long end = pos + PNG_CHUNK_OVERHEAD + length;
      if (end > bytes.length) {
        return new Problem(ImageDecodeException.Reason.TRUNCATED,
            "PNG chunk " + type + " at offset " + pos + " declares " + length + " data bytes, but the file ends after "
                + bytes.length + " bytes");
      }
      if (type.equals("IEND")) {
        return null;
      }
      pos = (int) end;
    }
  }

  /**
   * Whether a JPEG has an end-of-image marker (FF D9) after its last start-of-scan marker (FF DA). Entropy-coded data
   * escapes every FF byte, so these markers cannot occur inside it; a file cut off in the scan has no EOI after it.
   */
  static boolean jpegHasEndOfImage(byte[] bytes) {
    int lastScan = -1;
    for (int i = 0; i + 1 < bytes.length; i++) {
      if ((bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == 0xda) {
        lastScan = i;
      }
    }
    if (lastScan < 0) {
      return false;
    }
    for (int i = lastScan + 2; i + 1 < bytes.length; i++) {
      if ((bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == 0xd9) {
        return true;
      }
    }
    return false;
  }

  private static long readUnsignedInt(byte[] b, int pos) {
    return ((long) (b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
  }

  /** A structural problem: its reason and a message with the offsets. */
  record Problem(ImageDecodeException.Reason reason, String message) {}
}
