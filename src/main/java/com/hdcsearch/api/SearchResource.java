package com.hdcsearch.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Set;

/** The similar-items API. Every answer is JSON, errors included ({@link ApiError}). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
  private static final int DEFAULT_K = 10;
  private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg");

  private final SearchService search;
  private final CatalogImages images;
  private final ImageSearchLimiter limiter;

  SearchResource(SearchService search, CatalogImages images, ImageSearchLimiter limiter) {
    this.search = search;
    this.images = images;
    this.limiter = limiter;
  }

  /** The k items most similar to a catalog item, the item itself excluded. */
  @GET
  @Path("/items/{id}/similar")
  public SearchResponse similar(@PathParam("id") String id, @QueryParam("k") String k) {
    return search.similar(id, parseK(k));
  }

  /** The k catalog items most similar to the posted PNG or JPEG image. */
  @POST
  @Path("/search")
  @Consumes(MediaType.WILDCARD)
  public SearchResponse searchByImage(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @QueryParam("k") String k, byte[] body) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!IMAGE_TYPES.contains(type)) {
      throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE",
          "the body must be image/png or image/jpeg, got: '" + (contentType == null ? "" : contentType) + "'");
    }
    int parsedK = parseK(k);
    try (ImageSearchLimiter.Permit permit = limiter.acquire()) {
      return search.similarToImage(body, parsedK);
    }
  }

  /** An indexed item. */
  @GET
  @Path("/items/{id}")
  public ItemResponse item(@PathParam("id") String id) {
    return search.item(id);
  }

  /**
   * The item's latest catalog image (PNG or JPEG as it was produced), from whichever instance holds it; with
   * {@value PeerImages#LOCAL_HEADER}{@code : true}, from this instance's store only (how instances ask each other).
   */
  @GET
  @Path("/items/{id}/image")
  @Produces({"image/png", "image/jpeg", MediaType.APPLICATION_JSON})
  public Response image(@PathParam("id") String id, @HeaderParam(PeerImages.LOCAL_HEADER) String localOnly) {
    CatalogImageBytes image = images.image(id, "true".equalsIgnoreCase(localOnly));
    return Response.ok(image.bytes(), image.contentType()).build();
  }

  /** The serving model version, its index size and the pipeline figures. */
  @GET
  @Path("/model")
  public ModelResponse model() {
    return search.model();
  }

  private static int parseK(String k) {
    if (k == null || k.isBlank()) {
      return DEFAULT_K;
    }
    try {
      return Integer.parseInt(k.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(400, "BAD_K", "k must be a whole number, got: '" + k + "'");
    }
  }
}
