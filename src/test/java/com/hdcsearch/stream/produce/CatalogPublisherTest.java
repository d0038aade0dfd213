package com.hdcsearch.stream.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.data.ImageSource;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
  void encodedAheadRecordsAreTheRecordsOfTheImages() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    ImageSource source = new ImageSource() {
      @Override
      public byte[] encoded() {
        return png;
      }

      @Override
      public String contentType() {
        return "image/png";
      }

      @Override
      public BufferedImage decode() {
        throw new UnsupportedOperationException();
      }
    };
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
