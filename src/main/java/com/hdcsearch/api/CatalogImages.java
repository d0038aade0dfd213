package com.hdcsearch.api;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.image.ImageFormat;
import com.hdcsearch.stream.IngestService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;

/** Item images from the catalog store of the ingest pipeline, for the dashboard and for clients showing results. */
@ApplicationScoped
public class CatalogImages {
  private final IngestService ingest;

  CatalogImages(IngestService ingest) {
    this.ingest = ingest;
  }

  /** The item's latest accepted image; 404 when unknown, 503 while the pipeline is not queryable. */
  public CatalogImageBytes image(String itemId) {
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
