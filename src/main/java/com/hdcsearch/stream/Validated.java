package com.hdcsearch.stream;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.avro.DeadLetter;

/**
 * The outcome of validating one {@code catalog.images} record: an accepted image, a delete (tombstone), or a dead
 * letter. Exactly one of {@code image} and {@code deadLetter} is set, or neither for a delete.
 *
 * @param image the accepted image, or null
 * @param deadLetter the rejection, or null
 */
public record Validated(CatalogImage image, DeadLetter deadLetter) {
  /** An accepted image. */
  public static Validated accepted(CatalogImage image) {
    return new Validated(image, null);
  }

  /** A delete of the record's key. */
  public static Validated delete() {
    return new Validated(null, null);
  }

  /** A refused record. */
  public static Validated rejected(DeadLetter deadLetter) {
    return new Validated(null, deadLetter);
  }

  public boolean isRejected() {
    return deadLetter != null;
  }
}
