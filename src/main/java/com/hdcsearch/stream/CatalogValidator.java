package com.hdcsearch.stream;

import com.hdcsearch.avro.CatalogImage;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;

/** Turns a raw {@code catalog.images} record into a valid CatalogImage, a delete, or a reason to refuse it. */
public final class CatalogValidator {
  /** Longest item id: ids are keys, Lucene terms and URL path segments; 512 is far above any catalog's ids. */
  public static final int MAX_ID_CHARS = 512;
  /** Longest label: labels are class names, shown on the dashboard and stored with every vector. */
  public static final int MAX_LABEL_CHARS = 1000;

  private final Deserializer<CatalogImage> deserializer;
  private final ImageDecoding decoding;
  private final int maxRecordBytes;

  /** A validator without a limit on the whole record (the image limit of {@code decoding} still applies). */
  public CatalogValidator(Deserializer<CatalogImage> deserializer, ImageDecoding decoding) {
    this(deserializer, decoding, Integer.MAX_VALUE);
  }

  /**
   * @param maxRecordBytes the largest record (key plus value) accepted: what the topics downstream accept, so that
   *     no accepted record can fail to be written
   */
  public CatalogValidator(Deserializer<CatalogImage> deserializer, ImageDecoding decoding, int maxRecordBytes) {
    this.deserializer = deserializer;
    this.decoding = decoding;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * The image of a record, or null for a tombstone.
   *
   * @throws ImageRejectedException naming what is wrong with the record
   */
  public CatalogImage validate(String topic, String key, byte[] value) throws ImageRejectedException {
    Accepted accepted = check(topic, key, value);
    return accepted == null ? null : accepted.image();
  }

  /**
   * A valid record with the image it decoded to (so that nothing decodes it again), or null for a tombstone.
   *
   * @param image the record
   * @param decoded its image, decoded
   */
  public record Accepted(CatalogImage image, java.awt.image.BufferedImage decoded) {}

  /**
   * As {@link #validate}, keeping the decoded image.
   *
   * @throws ImageRejectedException naming what is wrong with the record
   */
  public Accepted check(String topic, String key, byte[] value) throws ImageRejectedException {
    if (key == null || key.isEmpty()) {
      throw new ImageRejectedException(RejectReason.MISSING_KEY, "the record has no key (the key is the item id)");
    }
    checkText("item id", key, MAX_ID_CHARS, RejectReason.BAD_ID);
    if (value == null) {
      return null;
    }
    long recordBytes = (long) key.getBytes(StandardCharsets.UTF_8).length + value.length;
    if (recordBytes > maxRecordBytes) {
      throw new ImageRejectedException(RejectReason.TOO_MANY_BYTES, "the record is " + recordBytes
          + " bytes (key and value), over the limit of " + maxRecordBytes + " (the image limit and room for the other "
          + "fields)");
    }
    CatalogImage image;
    try {
      // Deserialised here rather than by the consumer, so that a bad record becomes a dead letter instead of a
      // stopped stream or a silently skipped record.
      image = deserializer.deserialize(topic, value);
    } catch (RuntimeException e) {
      throw new ImageRejectedException(RejectReason.BAD_SCHEMA, "the value is not a CatalogImage: " + e.getMessage());
    }
    if (image == null) {
      throw new ImageRejectedException(RejectReason.BAD_SCHEMA, "the value deserialises to nothing");
    }
    if (!Objects.equals(key, image.getItemId())) {
      throw new ImageRejectedException(RejectReason.KEY_MISMATCH,
          "the key '" + key + "' differs from the itemId '" + printable(String.valueOf(image.getItemId())) + "'");
    }
    if (image.getLabel() == null || image.getLabel().isBlank()) {
      throw new ImageRejectedException(RejectReason.MISSING_LABEL, "item '" + key + "' has no label");
    }
    checkText("label of item '" + key + "'", image.getLabel(), MAX_LABEL_CHARS, RejectReason.BAD_LABEL);
    byte[] bytes = image.getImage() == null ? null : bytes(image.getImage());
    return new Accepted(image, decoding.decode(bytes));
  }

  /**
   * Refuses text that is too long, has control characters, or was not valid UTF-8 (decoders turn such bytes into
   * U+FFFD) or holds an unpaired surrogate: such ids and labels break keys, logs, URLs and the dashboard.
   */
  private static void checkText(String what, String text, int maxChars, RejectReason reason)
      throws ImageRejectedException {
    if (text.length() > maxChars) {
      throw new ImageRejectedException(reason, "the " + what + " has " + text.length() + " characters, over the "
          + "limit of " + maxChars + " (starts '" + printable(text.substring(0, 40)) + "...')");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String problem = null;
      if (Character.isISOControl(c)) {
        problem = String.format("a control character U+%04X", (int) c);
      } else if (c == '\uFFFD') {
        problem = "U+FFFD, what bytes that are not valid UTF-8 (such as a lone UTF-16 surrogate) decode to";
      } else if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
          || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        problem = String.format("an unpaired UTF-16 surrogate U+%04X", (int) c);
      }
      if (problem != null) {
        throw new ImageRejectedException(reason, "the " + what + " '" + printable(text) + "' holds " + problem
            + " at index " + i);
      }
    }
  }

  /** The text with control characters escaped, so that a message never carries them into a log or a terminal. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : (char) c));
    return out.toString();
  }

  /** The bytes of an Avro bytes field, without moving the buffer's position. */
  public static byte[] bytes(java.nio.ByteBuffer buffer) {
    java.nio.ByteBuffer dup = buffer.duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }
}
