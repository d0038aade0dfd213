package com.hdcsearch.kafka;

import java.util.List;
import java.util.Map;

/** The service's topics: names that code and tests import, and the specs they are created with. */
public final class Topics {
  /** Labelled catalog images, key = item id; a null value deletes the item. A table, so compacted. */
  public static final String CATALOG_IMAGES = "catalog.images";
  /** Records that failed validation, as DeadLetter with a reason; kept for a week, never compacted. */
  public static final String CATALOG_IMAGES_DLQ = "catalog.images.dlq";
  /** Latest embedding per item id, with its model version. Compacted: the index can be rebuilt from it. */
  public static final String CATALOG_EMBEDDINGS = "catalog.embeddings";
  /** Model versions and their status, key = version id. Compacted. */
  public static final String MODEL_VERSIONS = "model.versions";

  private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");
  private static final String WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);
  /** Catalog images are up to a few MB each; the broker default of 1 MB would reject some. */
  private static final String MAX_IMAGE_MESSAGE_BYTES = String.valueOf(16 * 1024 * 1024);

  private Topics() {}

  /** All topics with {@code partitions} partitions each (the model topic always has one: it is a total order). */
  public static List<TopicSpec> all(int partitions) {
    return List.of(
        new TopicSpec(CATALOG_IMAGES, partitions,
            Map.of("cleanup.policy", "compact", "max.message.bytes", MAX_IMAGE_MESSAGE_BYTES)),
        new TopicSpec(CATALOG_IMAGES_DLQ, partitions,
            Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS, "max.message.bytes", MAX_IMAGE_MESSAGE_BYTES)),
        new TopicSpec(CATALOG_EMBEDDINGS, partitions, COMPACTED),
        new TopicSpec(MODEL_VERSIONS, 1, COMPACTED));
  }
}
