package com.hdcsearch.chaos;

/**
 * One record the campaign's producer sends to {@code catalog.images}.
 *
 * @param seq its place in the producer's order (later = newer)
 * @param key the record key (the item id)
 * @param kind what it does
 * @param label the item's label after it (null for a delete or a bad record)
 * @param imageSha SHA-256 of its image bytes, hex (null for a delete or a bad record)
 * @param value the serialized record value (null = tombstone)
 */
public record CatalogEvent(long seq, String key, Kind kind, String label, String imageSha, byte[] value) {
  /** What a record does to the catalog. */
  public enum Kind {
    /** A new item. */
    NEW,
    /** A new image and label for an existing item. */
    UPDATE,
    /** A tombstone: the item is deleted. */
    DELETE,
    /** A record that validation must reject into the dead-letter topic. */
    BAD;

    /** True when the item is live after this record. */
    public boolean live() {
      return this == NEW || this == UPDATE;
    }
  }
}
