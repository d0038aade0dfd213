package com.hdcsearch.stream;

import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.avro.ItemEmbedding;

/**
 * What the embedding step emits per item: an embedding, a delete (both null), or a dead letter when the model failed.
 *
 * @param embedding the new embedding, or null
 * @param failure the refused image, or null
 */
public record EmbedOutcome(ItemEmbedding embedding, DeadLetter failure) {
  public static EmbedOutcome embedded(ItemEmbedding embedding) {
    return new EmbedOutcome(embedding, null);
  }

  public static EmbedOutcome delete() {
    return new EmbedOutcome(null, null);
  }

  public static EmbedOutcome failed(DeadLetter failure) {
    return new EmbedOutcome(null, failure);
  }

  public boolean isFailure() {
    return failure != null;
  }
}
