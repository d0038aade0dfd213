package com.hdcsearch.stream.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
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
  /** Single-object encoding's header: the marker C3 01 and the 8-byte schema fingerprint. */
  private static final int HEADER_BYTES = 10;
  /** Magic byte 0 and a 4-byte big-endian schema id. */
  private static final int REGISTRY_HEADER_BYTES = 5;

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  /** The 10-byte headers this serde reads, current version first: named in every header error. */
  private final List<String> acceptedHeaders;

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
    List<String> headers = new ArrayList<>();
    headers.add("current " + header(schema));
    for (Schema older : olderSchemas) {
      decoder.addSchema(older);
      headers.add("older " + header(older));
    }
    this.acceptedHeaders = List.copyOf(headers);
  }

  /**
   * The single-object header of a schema, as a producer must write it: marker {@code C3 01}, then the CRC-64-AVRO
   * fingerprint of the schema's Parsing Canonical Form, little-endian; with the fingerprint as a signed long (what
   * Java's and python3-avro's error messages print).
   */
  public static String header(Schema schema) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    byte[] bytes = ByteBuffer.allocate(HEADER_BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xc3).put((byte) 0x01).putLong(fingerprint).array();
    return HexFormat.ofDelimiter(" ").formatHex(bytes) + " (fingerprint " + fingerprint + ")";
  }

  /** The headers this serde reads, e.g. {@code current c3 01 a6 59 ... (fingerprint -8...)}. */
  public List<String> acceptedHeaders() {
    return acceptedHeaders;
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
    } catch (MissingSchemaException | BadHeaderException e) {
      // The producer wrote a header this service cannot resolve: say which ones it can, so that the fix is plain.
      int shown = Math.min(HEADER_BYTES, bytes.length);
      throw new SerializationException("not a " + type.getSimpleName() + " record (" + bytes.length + " bytes): "
          + e.getMessage() + "; the value starts with "
          + (shown == 0 ? "nothing (it is empty)" : HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown))
          + registryHint(bytes) + ", accepted headers: " + String.join(", ", acceptedHeaders)
          + " (see schemas/README.md: the fingerprint is of the Parsing Canonical Form)", e);
    } catch (IOException | RuntimeException e) {
      // Avro wraps the cause ("Decoding datum failed"): the cause says what was wrong with the body.
      String detail = e.getMessage();
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        detail += ": " + (c instanceof java.io.EOFException ? "the body ends before the record does" : c.toString());
      }
      throw new SerializationException(
          "not a " + type.getSimpleName() + " record (" + bytes.length + " bytes): " + detail, e);
    }
  }

  /**
   * Confluent's schema-registry serializers write a zero byte and a 4-byte schema id, not single-object encoding: the
   * most common wrong header, so it is named.
   */
  private static String registryHint(byte[] bytes) {
    if (bytes.length < REGISTRY_HEADER_BYTES || bytes[0] != 0) {
      return "";
    }
    int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
    return " (the schema-registry wire format, schema id " + schemaId + ": not read here, write Avro's single-object"
        + " encoding instead)";
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
