package com.hdcsearch.stream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * Kafka Streams' production exception handler of the pipeline: a record that Kafka refuses (an output, a dead letter,
 * a changelog record; e.g. too large for its topic) becomes a {@code PRODUCE_FAILED} dead letter and the stream goes
 * on. The default handler fails the stream thread, whose replacement fails again on the same input record, forever:
 * one record would stop the whole partition. Streams creates one per task from its class name; the pipeline's shared
 * {@link DeadLetterWriter} comes in through the Streams config under {@link #WRITER_CONFIG}.
 */
public final class DeadLetterOnProduceFailure implements ProductionExceptionHandler {
  /** Streams config key of the {@link DeadLetterWriter} instance. */
  static final String WRITER_CONFIG = "hdc.dead-letter.writer";

  private DeadLetterWriter writer;

  @Override
  public void configure(Map<String, ?> configs) {
    if (!(configs.get(WRITER_CONFIG) instanceof DeadLetterWriter w)) {
      throw new ConfigException(WRITER_CONFIG, configs.get(WRITER_CONFIG), "must be the pipeline's DeadLetterWriter");
    }
    writer = w;
  }

  @Override
  public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    writer.produceFailed(context, record.key(), record.value(),
        "Kafka refused the record for " + record.topic() + ": " + exception);
    return ProductionExceptionHandlerResponse.CONTINUE;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
      ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
    // Not serialised: nothing of the failed record to keep but its key (ours are strings) and the input's raw value.
    byte[] key = record.key() instanceof String k ? k.getBytes(StandardCharsets.UTF_8) : null;
    writer.produceFailed(context, key, null, "the " + origin.name().toLowerCase(Locale.ROOT) + " of the record for "
        + record.topic() + " does not serialise: " + exception);
    return ProductionExceptionHandlerResponse.CONTINUE;
  }
}
