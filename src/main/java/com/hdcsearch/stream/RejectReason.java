package com.hdcsearch.stream;

/** Why an input record or image was refused: the {@code reasonCode} of dead letters and API errors. */
public enum RejectReason {
  /** The value is not a CatalogImage in any known schema version. */
  BAD_SCHEMA,
  /** The record has no key; the key is the item id. */
  MISSING_KEY,
  /**
   * The item id (the key) is longer than {@code CatalogValidator.MAX_ID_CHARS}, holds control characters, or is not
   * valid text (bytes that are not UTF-8, e.g. a lone UTF-16 surrogate, arrive as U+FFFD).
   */
  BAD_ID,
  /** The key differs from the value's itemId. */
  KEY_MISMATCH,
  /** No label: a catalog item must be labelled. */
  MISSING_LABEL,
  /** The label is longer than {@code CatalogValidator.MAX_LABEL_CHARS} or holds control characters. */
  BAD_LABEL,
  /** Zero image bytes. */
  EMPTY_IMAGE,
  /** More image bytes than the configured limit. */
  TOO_MANY_BYTES,
  /** Not a PNG or JPEG. */
  UNSUPPORTED_TYPE,
  /** The image bytes stop before the image does (a cut-off upload). */
  TRUNCATED_IMAGE,
  /** PNG or JPEG header, but the content is damaged and does not decode. */
  UNDECODABLE_IMAGE,
  /** More pixels than the configured limit (checked from the header, before decoding). */
  TOO_MANY_PIXELS,
  /** The model failed on this image. */
  EMBED_FAILED,
  /**
   * Kafka refused a record that the pipeline wrote for this input (an output, a dead letter or a state store's
   * changelog), e.g. as too large; the stream goes on without it.
   */
  PRODUCE_FAILED
}
