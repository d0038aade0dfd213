package com.hdcsearch.kafka;

/**
 * The record size limits of the service, all derived from the image limit ({@code hdc.stream.max-image-bytes}), so
 * that every topic the service writes to (its own, and the changelog and repartition topics of Kafka Streams) and every
 * producer accepts the largest record that validation accepts. Each limit leaves {@link #ENVELOPE_BYTES} above the one
 * it contains: a record is more than its largest field, and Kafka frames it in a batch.
 *
 * @param maxImageBytes the largest encoded image that validation accepts
 */
public record RecordSizes(int maxImageBytes) {
  /**
   * Room for everything around the image: the record's other fields (item id, label, attributes, content type, time),
   * Avro's header, the key, and Kafka's batch framing; or, around a dead letter's payload, its reason and message.
   */
  public static final int ENVELOPE_BYTES = 64 * 1024;
  /** The default of {@code hdc.stream.max-image-bytes}. */
  public static final int DEFAULT_MAX_IMAGE_BYTES = 4 * 1024 * 1024;
  /**
   * The least that {@code catalog.images} accepts: above the validation limit, so that an oversized image reaches the
   * pipeline and is dead-lettered with its reason instead of being refused at the producer with no trace.
   */
  public static final int MIN_INPUT_RECORD_BYTES = 16 * 1024 * 1024;
  /** Kafka's default producer buffer; raised only when one record would not fit twice. */
  private static final long DEFAULT_PRODUCER_BUFFER_BYTES = 32L * 1024 * 1024;
  /** Keeps every derived limit far inside an int (Kafka's configs are ints). */
  private static final int MAX_IMAGE_BYTES_LIMIT = 1 << 30;

  public RecordSizes {
    if (maxImageBytes < 1 || maxImageBytes > MAX_IMAGE_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "maxImageBytes must be in [1, " + MAX_IMAGE_BYTES_LIMIT + "], got: " + maxImageBytes);
    }
  }

  /** The limits for the default image limit. */
  public static RecordSizes defaults() {
    return new RecordSizes(DEFAULT_MAX_IMAGE_BYTES);
  }

  /** The largest catalog record (key plus value) that validation accepts: the image and its envelope. */
  public int acceptedRecordBytes() {
    return maxImageBytes + ENVELOPE_BYTES;
  }

  /**
   * {@code max.message.bytes} of the topics that hold accepted records: the catalog store's changelog and any
   * repartition topic of the Streams application.
   */
  public int storedRecordBytes() {
    return acceptedRecordBytes() + ENVELOPE_BYTES;
  }

  /** {@code max.message.bytes} of {@code catalog.images}: at least {@link #MIN_INPUT_RECORD_BYTES}. */
  public int inputRecordBytes() {
    return Math.max(MIN_INPUT_RECORD_BYTES, storedRecordBytes());
  }

  /** {@code max.message.bytes} of the dead-letter topic: a dead letter carries the whole input value as its payload. */
  public int deadLetterBytes() {
    return inputRecordBytes() + ENVELOPE_BYTES;
  }

  /** The producers' {@code max.request.size}: the largest record that any of the topics above accepts. */
  public int producerRequestBytes() {
    return deadLetterBytes();
  }

  /** The producers' {@code buffer.memory}: room for two of the largest records, and never below Kafka's default. */
  public long producerBufferBytes() {
    return Math.max(DEFAULT_PRODUCER_BUFFER_BYTES, 2L * producerRequestBytes());
  }
}
