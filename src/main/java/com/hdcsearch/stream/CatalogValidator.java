package com.hdcsearch.stream;

import com.hdcsearch.avro.CatalogImage;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;

/** Turns a raw {@code catalog.images} record into a valid CatalogImage, a delete, or a reason to refuse it. */
public final class CatalogValidator {
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
          "the key '" + key + "' differs from the itemId '" + image.getItemId() + "'");
    }
    if (image.getLabel() == null || image.getLabel().isBlank()) {
      throw new ImageRejectedException(RejectReason.MISSING_LABEL, "item '" + key + "' has no label");
    }
    byte[] bytes = image.getImage() == null ? null : bytes(image.getImage());
    return new Accepted(image, decoding.decode(bytes));
  }

  /** The bytes of an Avro bytes field, without moving the buffer's position. */
  public static byte[] bytes(java.nio.ByteBuffer buffer) {
    java.nio.ByteBuffer dup = buffer.duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }
}
