package com.hdcsearch.stream;

import com.hdcsearch.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/** Validates each raw record; a refused one becomes a {@link DeadLetter} that names its source offset and reason. */
final class ValidateProcessor implements FixedKeyProcessor<String, byte[], Validated> {
  private static final Logger LOG = Logger.getLogger(ValidateProcessor.class);

  private final CatalogValidator validator;
  private final PipelineMetrics metrics;
  private FixedKeyProcessorContext<String, Validated> context;

  ValidateProcessor(CatalogValidator validator, PipelineMetrics metrics) {
    this.validator = validator;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Validated> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    metrics.recordIn();
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    try {
      var image = validator.validate(meta.topic(), record.key(), record.value());
      metrics.recordAccepted();
      context.forward(record.withValue(image == null ? Validated.delete() : Validated.accepted(image)));
    } catch (ImageRejectedException e) {
      metrics.recordDeadLettered(e.reason());
      LOG.debugf("Dead-lettered %s-%d@%d key=%s: %s %s", meta.topic(), meta.partition(), meta.offset(), record.key(),
          e.reason(), e.getMessage());
      DeadLetter letter = DeadLetter.newBuilder()
          .setSourceTopic(meta.topic())
          .setPartition(meta.partition())
          .setOffset(meta.offset())
          .setKey(record.key())
          .setReasonCode(e.reason().name())
          .setMessage(e.getMessage())
          .setTime(Instant.now())
          .setPayload(record.value() == null ? null : ByteBuffer.wrap(record.value()))
          .build();
      context.forward(record.withValue(Validated.rejected(letter)));
    }
  }
}
