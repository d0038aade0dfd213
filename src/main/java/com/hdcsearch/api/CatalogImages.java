package com.hdcsearch.api;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.image.ImageFormat;
import com.hdcsearch.stream.IngestService;
import jakarta.enterprise.context.ApplicationScoped;
import com.hdcsearch.stream.CatalogOwner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Item images from the catalog store of the ingest pipeline, for the dashboard and for clients showing results. Each
 * instance stores the images of its own partitions only: an item held by another instance is fetched from it (and,
 * should it fail, from an instance with a standby copy).
 */
@ApplicationScoped
public class CatalogImages {
  private static final Logger LOG = Logger.getLogger(CatalogImages.class);

  private final IngestService ingest;
  private final PeerImages peers;

  CatalogImages(IngestService ingest, PeerImages peers) {
    this.ingest = ingest;
    this.peers = peers;
  }

  /**
   * The item's latest accepted image, from the instance that holds it; 404 when unknown, 503 while no instance that
   * should hold it answers.
   *
   * @param localOnly answer from this instance's store only (a peer's forwarded request)
   */
  public CatalogImageBytes image(String itemId, boolean localOnly) {
    CatalogOwner owner = localOnly ? CatalogOwner.UNKNOWN : ingest.catalogOwner(itemId);
    if (!owner.remote()) {
      return local(itemId);
    }
    List<String> hosts = new ArrayList<>();
    hosts.add(owner.active().orElseThrow());
    hosts.addAll(owner.standbys());
    String problems = "";
    for (String host : hosts) {
      try {
        return peers.fetch(host, itemId).orElseThrow(() ->
            new ApiException(404, "ITEM_NOT_FOUND", "no catalog image for item '" + itemId + "'"));
      } catch (IOException e) {
        LOG.debugf("Image of %s from %s failed: %s", itemId, host, e.getMessage());
        problems += (problems.isEmpty() ? "" : "; ") + e.getMessage();
      }
    }
    throw new ApiException(503, "CATALOG_UNAVAILABLE", "the instance holding item '" + itemId
        + "' did not answer: " + problems);
  }

  /** The item's latest accepted image, from whichever instance holds it. */
  public CatalogImageBytes image(String itemId) {
    return image(itemId, false);
  }

  private CatalogImageBytes local(String itemId) {
    CatalogImage image;
    try {
      image = ingest.catalogImage(itemId).orElseThrow(() ->
          new ApiException(404, "ITEM_NOT_FOUND", "no catalog image for item '" + itemId + "'"));
    } catch (IllegalStateException e) {
      throw new ApiException(503, "CATALOG_UNAVAILABLE", e.getMessage());
    }
    ByteBuffer buffer = image.getImage().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    // The format from the bytes, not the producer's claim: validation accepted them as PNG or JPEG.
    return new CatalogImageBytes(bytes, ImageFormat.detect(bytes).contentType());
  }
}
