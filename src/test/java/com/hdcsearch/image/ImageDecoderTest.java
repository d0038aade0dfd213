package com.hdcsearch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.image.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  private static final long SEED = 20261127L;
  private final ImageDecoder decoder = new ImageDecoder();

  @Test
  void decodesPngAndJpegWithTheirSizes() throws Exception {
    BufferedImage png = decoder.decode(TestImages.encode(TestImages.noise(17, 9, SEED), "png"));
    assertEquals(17, png.getWidth());
    assertEquals(9, png.getHeight());
    BufferedImage jpeg = decoder.decode(TestImages.encode(TestImages.noise(33, 20, SEED), "jpeg"));
    assertEquals(33, jpeg.getWidth());
    assertEquals(20, jpeg.getHeight());
  }

  @Test
  void pngPixelsSurviveExactly() throws Exception {
    BufferedImage original = TestImages.noise(5, 4, SEED);
    BufferedImage decoded = decoder.decode(TestImages.encode(original, "png"));
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        assertEquals(original.getRGB(x, y), decoded.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void detectsFormatsByMagicBytes() {
    assertEquals(ImageFormat.PNG, decoder.detect(TestImages.encode(TestImages.noise(2, 2, SEED), "png")));
    assertEquals(ImageFormat.JPEG, decoder.detect(TestImages.encode(TestImages.noise(2, 2, SEED), "jpeg")));
    assertEquals(ImageFormat.GIF, decoder.detect(TestImages.encode(TestImages.noise(2, 2, SEED), "gif")));
    assertEquals(ImageFormat.BMP, decoder.detect(TestImages.encode(TestImages.noise(2, 2, SEED), "bmp")));
    assertEquals(ImageFormat.WEBP, decoder.detect("RIFF\0\0\0\0WEBPVP8 ".getBytes()));
    assertEquals(ImageFormat.UNKNOWN, decoder.detect(new byte[0]));
    assertEquals(ImageFormat.UNKNOWN, decoder.detect(null));
  }

  @Test
  void emptyIsEmpty() {
    assertReason(Reason.EMPTY, new byte[0], decoder);
    assertReason(Reason.EMPTY, null, decoder);
  }

  @Test
  void truncatedPngIsTruncatedAtEveryCut() {
    byte[] png = TestImages.encode(TestImages.noise(40, 40, SEED), "png");
    // Every cut after the signature, from inside IHDR to just before the end of IEND.
    for (int cut = 9; cut < png.length; cut += 7) {
      ImageDecodeException e = assertReason(Reason.TRUNCATED, Arrays.copyOf(png, cut), decoder);
      assertTrue(e.getMessage().contains(String.valueOf(cut)), e.getMessage());
    }
    assertReason(Reason.TRUNCATED, Arrays.copyOf(png, png.length - 1), decoder);
  }

  @Test
  void truncatedJpegIsTruncatedAtEveryCut() {
    byte[] jpeg = TestImages.encode(TestImages.noise(64, 48, SEED), "jpeg");
    for (int cut = 3; cut < jpeg.length - 1; cut += 97) {
      assertReason(Reason.TRUNCATED, Arrays.copyOf(jpeg, cut), decoder);
    }
    assertReason(Reason.TRUNCATED, Arrays.copyOf(jpeg, jpeg.length - 2), decoder);
  }

  @Test
  void randomBytesAreUnsupportedAndDamagedPngIsCorrupt() {
    Random random = new Random(SEED);
    byte[] noise = new byte[500];
    random.nextBytes(noise);
    noise[0] = 0x42; // not a known signature ('B' alone is not BMP)
    noise[1] = 0x00;
    ImageDecodeException e = assertReason(Reason.UNSUPPORTED_FORMAT, noise, decoder);
    assertTrue(e.getMessage().contains("42 00"), e.getMessage());

    // A valid chunk sequence whose compressed pixel data is garbage.
    byte[] png = TestImages.encode(TestImages.noise(40, 40, SEED), "png");
    int idat = indexOf(png, "IDAT".getBytes()) + 4;
    byte[] damaged = png.clone();
    for (int i = idat; i < idat + 60; i++) {
      damaged[i] = (byte) random.nextInt(256);
    }
    assertReason(Reason.CORRUPT, damaged, decoder);
  }

  @Test
  void jpegWithGarbageScanIsCorruptNotTruncated() {
    byte[] jpeg = TestImages.encode(TestImages.noise(64, 48, SEED), "jpeg");
    int sos = lastMarker(jpeg, 0xda);
    byte[] damaged = jpeg.clone();
    Random random = new Random(SEED);
    // Overwrite the scan header and the start of the scan; the EOI stays, so the file is complete but damaged.
    for (int i = sos + 2; i < sos + 40; i++) {
      damaged[i] = (byte) random.nextInt(0xff);
    }
    assertReason(Reason.CORRUPT, damaged, decoder);
  }

  @Test
  void gifAndBmpAreUnsupported() {
    ImageDecodeException gif = assertReason(
        Reason.UNSUPPORTED_FORMAT, TestImages.encode(TestImages.noise(3, 3, SEED), "gif"), decoder);
    assertTrue(gif.getMessage().contains("GIF"), gif.getMessage());
    assertReason(Reason.UNSUPPORTED_FORMAT, TestImages.encode(TestImages.noise(3, 3, SEED), "bmp"), decoder);
  }

  @Test
  void pngWhoseHeaderDeclaresTooManyPixelsIsRefusedBeforeDecoding() throws Exception {
    byte[] bomb = withIhdrSize(TestImages.encode(TestImages.noise(1, 1, SEED), "png"), 20_000, 20_000);
    ImageHeader header = new ImageDecoder(new ImageLimits(1 << 20, Long.MAX_VALUE)).readHeader(bomb);
    assertEquals(20_000, header.width());
    ImageDecodeException e = assertReason(Reason.TOO_MANY_PIXELS, bomb, decoder);
    assertTrue(e.getMessage().contains("20000x20000 = 400000000 pixels, limit 40000000"), e.getMessage());
  }

  @Test
  void realImageAboveASmallPixelLimit() {
    byte[] png = TestImages.encode(TestImages.noise(30, 20, SEED), "png");
    ImageDecoder small = new ImageDecoder(new ImageLimits(1 << 20, 599));
    ImageDecodeException e = assertReason(Reason.TOO_MANY_PIXELS, png, small);
    assertTrue(e.getMessage().contains("30x20 = 600 pixels, limit 599"), e.getMessage());
    assertDoesNotThrowDecode(new ImageDecoder(new ImageLimits(1 << 20, 600)), png);
  }

  @Test
  void tooManyBytes() {
    byte[] png = TestImages.encode(TestImages.noise(30, 20, SEED), "png");
    ImageDecodeException e = assertReason(Reason.TOO_MANY_BYTES, png, new ImageDecoder(new ImageLimits(100, 1000)));
    assertTrue(e.getMessage().contains(png.length + " bytes, limit 100"), e.getMessage());
  }

  @Test
  void limitsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ImageLimits(0, 5));
    assertTrue(e.getMessage().contains("got: 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ImageLimits(5, -1));
  }

  private static void assertDoesNotThrowDecode(ImageDecoder decoder, byte[] bytes) {
    try {
      decoder.decode(bytes);
    } catch (ImageDecodeException e) {
      throw new AssertionError("expected a clean decode, got " + e.getMessage(), e);
    }
  }

  private static ImageDecodeException assertReason(Reason expected, byte[] bytes, ImageDecoder decoder) {
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes),
        () -> "expected " + expected + " for " + (bytes == null ? "null" : bytes.length + " bytes"));
    assertEquals(expected, e.reason(), e.getMessage());
    return e;
  }

  /** Rewrites IHDR's width and height and recomputes its CRC, as a decompression bomb's header would read. */
  static byte[] withIhdrSize(byte[] png, int width, int height) {
    byte[] out = png.clone();
    int type = indexOf(out, "IHDR".getBytes());
    ByteBuffer buffer = ByteBuffer.wrap(out);
    buffer.putInt(type + 4, width);
    buffer.putInt(type + 8, height);
    CRC32 crc = new CRC32();
    crc.update(out, type, 4 + 13); // type and the 13 data bytes
    buffer.putInt(type + 4 + 13, (int) crc.getValue());
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found: " + new String(needle));
  }

  private static int lastMarker(byte[] jpeg, int marker) {
    for (int i = jpeg.length - 2; i >= 0; i--) {
      if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == marker) {
        return i;
      }
    }
    throw new AssertionError("no marker " + Integer.toHexString(marker));
  }

  @Test
  void headerOfATruncatedPngNamesTheCut() {
    byte[] png = TestImages.encode(TestImages.noise(10, 10, SEED), "png");
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.readHeader(Arrays.copyOf(png, 20)));
    assertEquals(Reason.TRUNCATED, e.reason());
    assertTrue(e.getMessage().contains("ends after 20 bytes"), e.getMessage());
  }
}
