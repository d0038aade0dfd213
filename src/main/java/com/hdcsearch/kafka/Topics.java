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
  /**
   * The online trainer's election: one partition, never written to; the instance its consumer group gives the
   * partition to trains (see {@code cluster.TrainerLeadership}).
   */
  public static final String TRAINER_LEADER = "trainer.leader";

  private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");
  private static final String DAY_MS = String.valueOf(24L * 3600 * 1000);
  private static final String WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);
  private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

  private Topics() {}

  /** All topics with the default image limit's record sizes. */
  public static List<TopicSpec> all(int partitions) {
    return all(partitions, RecordSizes.defaults());
  }

  /**
   * All topics with {@code partitions} partitions each (the model topic always has one: it is a total order). The
   * topics that carry images accept the records of {@code sizes}: the broker's default of about 1 MB would refuse
   * images that validation accepts. Embeddings and model versions are a few KB and keep the broker's default.
   */
  public static List<TopicSpec> all(int partitions, RecordSizes sizes) {
    return List.of(
        new TopicSpec(CATALOG_IMAGES, partitions,
            Map.of("cleanup.policy", "compact", MAX_MESSAGE_BYTES, String.valueOf(sizes.inputRecordBytes()))),
        new TopicSpec(CATALOG_IMAGES_DLQ, partitions, Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS,
            MAX_MESSAGE_BYTES, String.valueOf(sizes.deadLetterBytes()))),
        // During a swap an item has a record per version under one key; compaction keeps only the last, so an index
        // resuming from an older offset could miss its own version's record. A day's lag keeps every record an
        // index committed within the last day can still need (it commits every few seconds).
        new TopicSpec(CATALOG_EMBEDDINGS, partitions,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", DAY_MS)),
        new TopicSpec(MODEL_VERSIONS, 1, COMPACTED),
        new TopicSpec(TRAINER_LEADER, 1, COMPACTED));
  }
}
