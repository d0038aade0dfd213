package com.hdcsearch.online;

import com.hdcsearch.avro.CatalogImage;

/**
 * Where the topology hands accepted catalog changes for online training. Called on a stream thread for every
 * accepted record, so an implementation must return at once (queue, never block on training).
 */
public interface TrainingFeed {
  /** Feeds nothing: the topology without online training (tests, serving-only instances). */
  TrainingFeed NONE = new TrainingFeed() {
    @Override
    public void accepted(String itemId, CatalogImage image) {}

    @Override
    public void deleted(String itemId) {}
  };

  /** An accepted image of {@code itemId} (new, or replacing the previous one). */
  void accepted(String itemId, CatalogImage image);

  /** {@code itemId} was deleted from the catalog. */
  void deleted(String itemId);
}
