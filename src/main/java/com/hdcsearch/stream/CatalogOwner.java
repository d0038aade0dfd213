package com.hdcsearch.stream;

import java.util.List;
import java.util.Optional;

/**
 * Which instance of the application holds an item's catalog partition, as Kafka Streams' metadata says.
 *
 * @param active {@code host:port} of the instance whose task holds it; empty when unknown (a rebalance, no metadata)
 * @param standbys {@code host:port} of the instances that keep a standby copy
 * @param local true when the active instance is this one
 */
public record CatalogOwner(Optional<String> active, List<String> standbys, boolean local) {
  /** Nothing known: the caller looks in its own store. */
  public static final CatalogOwner UNKNOWN = new CatalogOwner(Optional.empty(), List.of(), false);

  public CatalogOwner {
    standbys = List.copyOf(standbys);
  }

  /** True when another instance holds the item: its image is to be fetched from there. */
  public boolean remote() {
    return active.isPresent() && !local;
  }
}
