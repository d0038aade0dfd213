package com.hdcsearch.dlq;

import com.hdcsearch.avro.DeadLetter;
import java.time.Instant;

/**
 * One record of the dead-letter topic.
 *
 * @param partition its partition in {@code catalog.images.dlq}
 * @param offset its offset there
 * @param recordKey the dead-letter record's key (the rejected record's key)
 * @param letter the decoded dead letter; null when the record is not one ({@code problem} says why)
 * @param problem why the record could not be decoded, else null
 */
public record DeadLetterEntry(int partition, long offset, String recordKey, DeadLetter letter, String problem) {
  /** The rejection reason, {@code UNREADABLE} for a record that is no DeadLetter. */
  public String reason() {
    return letter == null ? "UNREADABLE" : letter.getReasonCode();
  }

  /** The rejected record's key. */
  public String key() {
    return letter == null ? recordKey : letter.getKey();
  }

  /** The rejected value's size in bytes, -1 when the dead letter carries no payload. */
  public int payloadBytes() {
    return letter == null || letter.getPayload() == null ? -1 : letter.getPayload().remaining();
  }

  /** When the record was dead-lettered. */
  public Instant time() {
    return letter == null ? null : letter.getTime();
  }

  /** The rejected value's bytes, or null. */
  public byte[] payload() {
    if (letter == null || letter.getPayload() == null) {
      return null;
    }
    var dup = letter.getPayload().duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }
}
