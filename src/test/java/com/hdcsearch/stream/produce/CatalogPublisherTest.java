package com.hdcsearch.stream.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.readers.FileImageSource;
import com.hdcsearch.image.ImageDecoder;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogPublisherTest {
  @Test
  void theProducerGetsThePassthroughAClientIdAndItsOwnSettingsOnTop() {
    KafkaClients clients = new KafkaClients("b1:9093", Map.of("security.protocol", "SASL_SSL",
        "sasl.mechanism", "PLAIN", "client.id", "shop-eu", "acks", "0"));
    Map<String, Object> config = CatalogPublisher.producerConfig(clients);
    assertEquals("b1:9093", config.get("bootstrap.servers"));
    assertEquals("SASL_SSL", config.get("security.protocol"));
    assertEquals("PLAIN", config.get("sasl.mechanism"));
    assertEquals("shop-eu-" + CatalogPublisher.CLIENT_ROLE, config.get("client.id"));
    assertEquals("all", config.get("acks"), "an acknowledged record is one every in-sync replica has");
  }

  @Test
  void encodedAheadRecordsAreTheRecordsOfTheImages(@TempDir Path dir) throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    FileImageSource source = new FileImageSource(Files.write(dir.resolve("bag.png"), png), new ImageDecoder());
    List<CatalogPublisher.EncodedImage> records = CatalogPublisher.encodeAll(List.of(
        new LabelledImage("a-1", 3, "boot", source), new LabelledImage("b-2", 5, "bag", source)));
    assertEquals(List.of("a-1", "b-2"), records.stream().map(CatalogPublisher.EncodedImage::itemId).toList());
    CatalogImage second = AvroSerdes.catalogImage().decode(records.get(1).value());
    assertEquals("b-2", second.getItemId());
    assertEquals("bag", second.getLabel());
    assertEquals("5", second.getAttributes().get("classIndex"));
    assertEquals(ByteBuffer.wrap(png), second.getImage());
  }
}
