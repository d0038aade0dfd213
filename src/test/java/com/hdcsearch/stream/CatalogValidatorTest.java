package com.hdcsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Every reason code of record validation, without a broker. */
class CatalogValidatorTest {
  private static final int MAX_BYTES = 10_000;
  private static final int MAX_PIXELS = 64 * 64;

  private final CatalogValidator validator =
      new CatalogValidator(AvroSerdes.catalogImage().deserializer(), new SharedImageDecoding(MAX_BYTES, MAX_PIXELS));

  private static byte[] png(int width, int height) throws Exception {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(1, 1, 0, 200);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private RejectReason reasonOf(String key, byte[] value) {
    return assertThrows(ImageRejectedException.class, () -> validator.validate(Topics.CATALOG_IMAGES, key, value))
        .reason();
  }

  @Test
  void acceptsAValidImageAndPassesTombstones() throws Exception {
    CatalogImage image = validator.validate(Topics.CATALOG_IMAGES, "a", TestImages.catalogImage("a", "bag", png(8, 8)));
    assertEquals("bag", image.getLabel());
    assertNull(validator.validate(Topics.CATALOG_IMAGES, "a", null), "a tombstone is a delete");
  }

  @Test
  void namesEachReason() throws Exception {
    byte[] ok = png(8, 8);
    assertEquals(RejectReason.MISSING_KEY, reasonOf(null, TestImages.catalogImage("a", "bag", ok)));
    assertEquals(RejectReason.MISSING_KEY, reasonOf(null, null), "a keyless tombstone deletes nothing: refused");
    assertEquals(RejectReason.BAD_SCHEMA, reasonOf("a", "plain text".getBytes(StandardCharsets.UTF_8)));
    assertEquals(RejectReason.KEY_MISMATCH, reasonOf("a", TestImages.catalogImage("b", "bag", ok)));
    assertEquals(RejectReason.MISSING_LABEL, reasonOf("a", TestImages.catalogImage("a", null, ok)));
    assertEquals(RejectReason.MISSING_LABEL, reasonOf("a", TestImages.catalogImage("a", "  ", ok)));
    assertEquals(RejectReason.EMPTY_IMAGE, reasonOf("a", TestImages.catalogImage("a", "bag", new byte[0])));
    assertEquals(RejectReason.TRUNCATED_IMAGE,
        reasonOf("a", TestImages.catalogImage("a", "bag", Arrays.copyOf(ok, ok.length / 2))));
    assertEquals(RejectReason.UNSUPPORTED_TYPE,
        reasonOf("a", TestImages.catalogImage("a", "bag", "GIF89a-------".getBytes(StandardCharsets.US_ASCII))));
    assertEquals(RejectReason.TOO_MANY_PIXELS, reasonOf("a", TestImages.catalogImage("a", "bag", png(65, 64))));
    byte[] big = Arrays.copyOf(ok, MAX_BYTES + 1);
    assertEquals(RejectReason.TOO_MANY_BYTES, reasonOf("a", TestImages.catalogImage("a", "bag", big)));
  }

  @Test
  void idsAndLabelsMustBeShortPrintableText() throws Exception {
    byte[] ok = png(8, 8);
    String longestId = "i".repeat(CatalogValidator.MAX_ID_CHARS);
    assertEquals(longestId, validator.validate(Topics.CATALOG_IMAGES, longestId,
        TestImages.catalogImage(longestId, "bag", ok)).getItemId(), "the limit itself is accepted");
    String tooLong = longestId + "i";
    assertEquals(RejectReason.BAD_ID, reasonOf(tooLong, TestImages.catalogImage(tooLong, "bag", ok)));
    assertEquals(RejectReason.BAD_ID, reasonOf("a\tb", TestImages.catalogImage("a\tb", "bag", ok)));
    assertEquals(RejectReason.BAD_ID, reasonOf("a\uFFFD", null), "a tombstone's key is checked too");
    assertEquals(RejectReason.BAD_ID, reasonOf("a\uD800", TestImages.catalogImage("a\uD800", "bag", ok)));
    assertEquals("a\uD83D\uDC5F", validator.validate(Topics.CATALOG_IMAGES, "a\uD83D\uDC5F",
        TestImages.catalogImage("a\uD83D\uDC5F", "bag", ok)).getItemId(), "a surrogate pair is text");
    String label = "l".repeat(CatalogValidator.MAX_LABEL_CHARS);
    assertEquals(label, validator.validate(Topics.CATALOG_IMAGES, "a", TestImages.catalogImage("a", label, ok))
        .getLabel());
    assertEquals(RejectReason.BAD_LABEL, reasonOf("a", TestImages.catalogImage("a", label + "l", ok)));
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> validator.validate(Topics.CATALOG_IMAGES, "a", TestImages.catalogImage("a", "x\u001b[2J", ok)));
    assertEquals(RejectReason.BAD_LABEL, e.reason());
    assertTrue(e.getMessage().contains("U+001B") && !e.getMessage().contains("\u001b"), "escaped: " + e.getMessage());
  }

  @Test
  void messagesNameWhatWasWrong() {
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> validator.validate(Topics.CATALOG_IMAGES, "key-x", TestImages.catalogImage("id-y", "bag", new byte[1])));
    assertTrue(e.getMessage().contains("key-x") && e.getMessage().contains("id-y"), e.getMessage());
  }

  @Test
  void aRecordOverTheRecordLimitIsRefusedEvenWithASmallImage() throws Exception {
    byte[] ok = png(8, 8);
    byte[] fits = TestImages.catalogImage("a", "bag", ok);
    int limit = fits.length + 1 + 100; // the key "a" counts too
    CatalogValidator limited = new CatalogValidator(AvroSerdes.catalogImage().deserializer(),
        new SharedImageDecoding(MAX_BYTES, MAX_PIXELS), limit);
    assertEquals("bag", limited.validate(Topics.CATALOG_IMAGES, "a", fits).getLabel());
    // The image is small, the label is not: the record would not fit the topics downstream.
    byte[] bloated = TestImages.catalogImage("a", "b".repeat(300), ok);
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> limited.validate(Topics.CATALOG_IMAGES, "a", bloated));
    assertEquals(RejectReason.TOO_MANY_BYTES, e.reason());
    assertTrue(e.getMessage().contains((bloated.length + 1) + " bytes") && e.getMessage().contains(String.valueOf(limit)),
        e.getMessage());
  }
}
