package com.hdcsearch.stream.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro record type, in Avro's single-object encoding: each value carries the 64-bit
 * fingerprint of its writer schema, so a reader resolves records written with any schema version it knows (the
 * current one plus the older versions in {@code schemas/history/}) without a schema registry. A null value stays null
 * (a tombstone).
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  /**
   * @param type generated class
   * @param schema its current schema
   * @param olderSchemas earlier versions of the same record that readers must still accept
   */
  public AvroSerde(Class<T> type, Schema schema, List<Schema> olderSchemas) {
    this.type = type;
    SpecificData model = new SpecificData(type.getClassLoader());
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
    for (Schema older : olderSchemas) {
      decoder.addSchema(older);
    }
  }

  /** Loads an older schema version from the classpath ({@code schemas/history/<file>}). */
  public static Schema historySchema(String file) {
    String resource = "schemas/history/" + file;
    try (InputStream in = AvroSerde.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema history resource missing from the build: " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Encodes one record; null stays null. */
  public byte[] encode(T value) {
    if (value == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one record; null stays null.
   *
   * @throws SerializationException naming the type and the cause (unknown schema fingerprint, bad header, truncated)
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "not a " + type.getSimpleName() + " record (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> decode(bytes);
  }
}
