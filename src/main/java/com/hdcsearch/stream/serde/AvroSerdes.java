package com.hdcsearch.stream.serde;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.avro.ItemEmbedding;
import com.hdcsearch.avro.ModelVersion;
import java.util.List;

/** The serdes of every topic's value type. Each call returns a new, independent serde. */
public final class AvroSerdes {
  private AvroSerdes() {}

  /** {@code catalog.images}; also reads version 1 (before category, attributes and content type). */
  public static AvroSerde<CatalogImage> catalogImage() {
    return new AvroSerde<>(CatalogImage.class, CatalogImage.getClassSchema(),
        List.of(AvroSerde.historySchema("CatalogImage-v1.avsc")));
  }

  /** {@code catalog.embeddings}. */
  public static AvroSerde<ItemEmbedding> itemEmbedding() {
    return new AvroSerde<>(ItemEmbedding.class, ItemEmbedding.getClassSchema(), List.of());
  }

  /** {@code model.versions}; also reads version 1 (four statuses, no reason, event time or checkpoint). */
  public static AvroSerde<ModelVersion> modelVersion() {
    return new AvroSerde<>(ModelVersion.class, ModelVersion.getClassSchema(),
        List.of(AvroSerde.historySchema("ModelVersion-v1.avsc")));
  }

  /** {@code catalog.images.dlq}. */
  public static AvroSerde<DeadLetter> deadLetter() {
    return new AvroSerde<>(DeadLetter.class, DeadLetter.getClassSchema(), List.of());
  }
}
