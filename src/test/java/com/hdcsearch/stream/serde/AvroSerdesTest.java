package com.hdcsearch.stream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.avro.ItemEmbedding;
import com.hdcsearch.avro.ModelStatus;
import com.hdcsearch.avro.ModelVersion;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every schema round-trips through its serde; records of older schema versions still read; garbage fails clearly. */
class AvroSerdesTest {
  private static final Instant T = Instant.ofEpochMilli(1_764_000_000_123L);

  @Test
  void catalogImageRoundTrip() {
    CatalogImage in = CatalogImage.newBuilder().setItemId("fashion-mnist-train-17").setLabel("Sneaker")
        .setCategory("shoes").setAttributes(Map.of("colour", "white")).setImage(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setContentType("image/png").setEventTime(T).build();
    AvroSerde<CatalogImage> serde = AvroSerdes.catalogImage();
    CatalogImage out = serde.decode(serde.encode(in));
    assertEquals(in, out);
    assertArrayEquals(new byte[] {1, 2, 3}, bytes(out.getImage()));
  }

  @Test
  void itemEmbeddingRoundTrip() {
    ItemEmbedding in = ItemEmbedding.newBuilder().setItemId("a").setLabel("7").setModelVersion("v3")
        .setVector(List.of(0.6f, 0.8f)).setCreatedTime(T).build();
    AvroSerde<ItemEmbedding> serde = AvroSerdes.itemEmbedding();
    assertEquals(in, serde.decode(serde.encode(in)));
  }

  @Test
  void modelVersionRoundTrip() {
    ModelVersion in = ModelVersion.newBuilder().setVersionId("v2").setParent("v1")
        .setMetrics(Map.of("recall@1", 0.42)).setCreatedTime(T).setStatus(ModelStatus.SERVING).build();
    AvroSerde<ModelVersion> serde = AvroSerdes.modelVersion();
    assertEquals(in, serde.decode(serde.encode(in)));
  }

  @Test
  void deadLetterRoundTrip() {
    DeadLetter in = DeadLetter.newBuilder().setSourceTopic("catalog.images").setPartition(2).setOffset(99L)
        .setKey("x").setReasonCode("EMPTY_IMAGE").setMessage("image has 0 bytes").setTime(T)
        .setPayload(ByteBuffer.wrap(new byte[] {9})).build();
    AvroSerde<DeadLetter> serde = AvroSerdes.deadLetter();
    assertEquals(in, serde.decode(serde.encode(in)));
  }

  @Test
  void modelVersionWrittenWithVersion1ReadsWithDefaults() throws Exception {
    Schema v1 = AvroSerde.historySchema("ModelVersion-v1.avsc");
    GenericRecord old = new GenericData.Record(v1);
    old.put("versionId", "hdc-s1-600");
    old.put("parent", null);
    old.put("metrics", Map.of("recall@1", 0.5));
    old.put("createdTime", T.toEpochMilli());
    old.put("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "RETIRED"));
    BinaryMessageEncoder<GenericRecord> writer = new BinaryMessageEncoder<>(GenericData.get(), v1);
    ByteBuffer encoded = writer.encode(old);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);

    ModelVersion current = AvroSerdes.modelVersion().decode(bytes);
    assertEquals("hdc-s1-600", current.getVersionId());
    assertEquals(ModelStatus.RETIRED, current.getStatus());
    assertEquals(0.5, current.getMetrics().get("recall@1"));
    assertEquals(null, current.getReason());
    assertEquals(null, current.getCheckpoint());
    assertEquals(0L, current.getSteps());
  }

  @Test
  void catalogImageWrittenWithVersion1ReadsWithDefaults() throws Exception {
    Schema v1 = AvroSerde.historySchema("CatalogImage-v1.avsc");
    GenericRecord old = new GenericData.Record(v1);
    old.put("itemId", "old-1");
    old.put("label", "Bag");
    old.put("image", ByteBuffer.wrap(new byte[] {7, 7}));
    old.put("eventTime", T.toEpochMilli());
    BinaryMessageEncoder<GenericRecord> writer = new BinaryMessageEncoder<>(GenericData.get(), v1);
    ByteBuffer encoded = writer.encode(old);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);

    CatalogImage current = AvroSerdes.catalogImage().decode(bytes);
    assertEquals("old-1", current.getItemId());
    assertEquals("Bag", current.getLabel());
    assertArrayEquals(new byte[] {7, 7}, bytes(current.getImage()));
    assertEquals(T, current.getEventTime());
    assertNull(current.getCategory());
    assertTrue(current.getAttributes().isEmpty());
    assertEquals("application/octet-stream", current.getContentType());
  }

  @Test
  void tombstoneStaysNull() {
    assertNull(AvroSerdes.catalogImage().encode(null));
    assertNull(AvroSerdes.catalogImage().decode(null));
  }

  @Test
  void garbageIsASerializationExceptionNamingTheType() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> AvroSerdes.catalogImage().decode("not avro at all".getBytes()));
    assertTrue(e.getMessage().contains("CatalogImage"), e.getMessage());
  }

  @Test
  void recordOfAnotherTypeIsRejected() {
    byte[] embedding = AvroSerdes.itemEmbedding().encode(ItemEmbedding.newBuilder().setItemId("a")
        .setModelVersion("v").setVector(List.of(1f)).setCreatedTime(T).build());
    assertThrows(SerializationException.class, () -> AvroSerdes.catalogImage().decode(embedding));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
