package com.hdcsearch.stream;

import com.hdcsearch.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;
import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import java.util.function.Supplier;

/** Validates each raw record; a refused one becomes a {@link DeadLetter} that names its source offset and reason. */
final class ValidateProcessor implements FixedKeyProcessor<String, byte[], Validated> {
  private static final Logger LOG = Logger.getLogger(ValidateProcessor.class);

  private final CatalogValidator validator;
  private final PipelineMetrics metrics;
  private final Supplier<ImageSpec> servingSpec;
  private final DecodedTensors decoded;
  private ImagePreprocessor preprocessor;
  private FixedKeyProcessorContext<String, Validated> context;

  /**
   * @param servingSpec the serving model's input, read per record: an accepted image's tensor for it goes to
   *     {@code decoded}, so the embedder neither decodes nor preprocesses it again
   */
  ValidateProcessor(CatalogValidator validator, PipelineMetrics metrics, Supplier<ImageSpec> servingSpec,
      DecodedTensors decoded) {
    this.validator = validator;
    this.metrics = metrics;
    this.servingSpec = servingSpec;
    this.decoded = decoded;
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
      CatalogValidator.Accepted accepted = validator.check(meta.topic(), record.key(), record.value());
      metrics.recordAccepted();
      if (accepted == null) {
        decoded.forget(record.key());
        context.forward(record.withValue(Validated.delete()));
      } else {
        ImagePreprocessor prep = preprocessor();
        decoded.put(record.key(), accepted.image().getImage(), prep.spec(), prep.toTensor(accepted.decoded()));
        context.forward(record.withValue(Validated.accepted(accepted.image())));
      }
    } catch (ImageRejectedException e) {
      metrics.recordDeadLettered(e.reason());
      // The catalog keeps the item's previous image, whose entry (if any) is still right; nothing to add.
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

  /** A preprocessor for the serving spec now (it changes only when a swap brings a model of another input). */
  private ImagePreprocessor preprocessor() {
    ImageSpec spec = servingSpec.get();
    if (preprocessor == null || !preprocessor.spec().equals(spec)) {
      preprocessor = new ImagePreprocessor(spec);
    }
    return preprocessor;
  }
}
