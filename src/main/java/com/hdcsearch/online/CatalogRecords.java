package com.hdcsearch.online;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.stream.serde.AvroSerde;
import com.hdcsearch.stream.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands raw {@code catalog.images} records to a {@link TrainingFeed}: a tombstone deletes its item, a catalog image
 * with a label and a key equal to its id is offered, anything else is passed over (validation dead-letters it; the
 * trainer only needs what the catalog keeps). One rule for the catalog's replay after a restart and for the leader's
 * follower, so both feed the trainer the same items.
 */
final class CatalogRecords {
  private final AvroSerde<CatalogImage> serde = AvroSerdes.catalogImage();
  private final TrainingFeed feed;

  CatalogRecords(TrainingFeed feed) {
    this.feed = feed;
  }

  /** Feeds {@code r}; a record without a key is not a catalog change and is passed over. */
  void offer(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      feed.deleted(r.key());
      return;
    }
    CatalogImage image;
    try {
      image = serde.decode(r.value());
    } catch (RuntimeException e) {
      return;
    }
    if (image.getLabel() != null && r.key().equals(image.getItemId())) {
      feed.accepted(r.key(), image);
    }
  }
}
