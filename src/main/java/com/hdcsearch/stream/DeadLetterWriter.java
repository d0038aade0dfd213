package com.hdcsearch.stream;

import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

/**
 * Writes a {@code PRODUCE_FAILED} dead letter for a record that Kafka Streams could not write. It has a producer of
 * its own: the Streams producer reports the failure from its callback, and its own records are what failed. One per
 * pipeline, shared by the tasks' {@link DeadLetterOnProduceFailure} handlers and closed with the pipeline.
 */
final class DeadLetterWriter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DeadLetterWriter.class);
  /** Called from the Streams producer's I/O thread: never wait long there for metadata or buffer space. */
  private static final int MAX_BLOCK_MS = 10_000;

  private final KafkaProducer<String, byte[]> producer;
  private final PipelineMetrics metrics;
  private final int maxPayloadBytes;

  DeadLetterWriter(KafkaClients clients, RecordSizes sizes, PipelineMetrics metrics) {
    Map<String, Object> config =
        clients.config("hdc-dead-letters-" + Integer.toHexString(System.identityHashCode(this)));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, sizes.producerRequestBytes());
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, sizes.producerBufferBytes());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.metrics = metrics;
    this.maxPayloadBytes = sizes.deadLetterBytes() - RecordSizes.ENVELOPE_BYTES;
  }

  /**
   * Dead-letters the input record behind a record that could not be written.
   *
   * @param context the input record being processed (none for records written by a punctuation: topic null)
   * @param key the serialised key of the failed record (our keys are item ids), or null
   * @param value the serialised value of the failed record: the payload when the input's raw value is unknown
   * @param problem what failed, for the dead letter's message
   */
  void produceFailed(ErrorHandlerContext context, byte[] key, byte[] value, String problem) {
    byte[] payload = context.sourceRawValue() != null ? context.sourceRawValue() : value;
    String message = problem;
    if (payload != null && payload.length > maxPayloadBytes) {
      message += "; the payload (" + payload.length + " bytes) is left out, over the dead-letter topic's limit";
      payload = null;
    }
    String itemId = key == null ? null : new String(key, StandardCharsets.UTF_8);
    DeadLetter letter = DeadLetter.newBuilder()
        // A punctuation's records (embedding batches) have no input record: like the embedder's own dead letters.
        .setSourceTopic(context.topic() != null ? context.topic() : Topics.CATALOG_IMAGES)
        .setPartition(context.topic() != null ? context.partition() : -1)
        .setOffset(context.topic() != null ? context.offset() : -1L)
        .setKey(itemId)
        .setReasonCode(RejectReason.PRODUCE_FAILED.name())
        .setMessage(message)
        .setTime(Instant.now())
        .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
        .build();
    metrics.recordDeadLettered(RejectReason.PRODUCE_FAILED);
    LOG.warnf("Dead-lettered key=%s as %s: %s; the stream goes on", itemId, RejectReason.PRODUCE_FAILED, message);
    String finalMessage = message;
    producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES_DLQ, itemId, AvroSerdes.deadLetter().encode(letter)),
        (metadata, error) -> {
          if (error != null) {
            LOG.errorf("Could not dead-letter key=%s (%s) either: %s; only this log line records it", itemId,
                finalMessage, error);
          }
        });
  }

  @Override
  public void close() {
    producer.close();
  }
}
