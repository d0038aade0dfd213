package com.hdcsearch.api;

import com.hdcsearch.cluster.ClusterSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches an item's image from the instance that holds its catalog partition (Kafka Streams interactive queries: each
 * instance announces its HTTP address as {@code application.server}). The request carries {@link #LOCAL_HEADER}, so the
 * peer answers from its own store and never forwards again, whatever its metadata says in the middle of a rebalance.
 */
@ApplicationScoped
public class PeerImages {
  /** Asks an instance to answer from its own catalog store only. */
  public static final String LOCAL_HEADER = "X-Hdc-Local";

  private final HttpClient http;
  private final Duration timeout;

  PeerImages(ClusterSettings settings) {
    this.timeout = settings.peerTimeout();
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * The image from the peer at {@code hostPort}; empty when it does not have it (404).
   *
   * @throws IOException when the peer cannot be reached or answers anything else
   */
  public Optional<CatalogImageBytes> fetch(String hostPort, String itemId) throws IOException {
    URI uri = URI.create("http://" + hostPort + "/api/items/"
        + URLEncoder.encode(itemId, StandardCharsets.UTF_8).replace("+", "%20") + "/image");
    HttpResponse<byte[]> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header(LOCAL_HEADER, "true").GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + hostPort, e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IOException("instance " + hostPort + " answered " + response.statusCode() + " for the image of '"
          + itemId + "'");
    }
    String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
    return Optional.of(new CatalogImageBytes(response.body(), type.split(";")[0].trim()));
  }
}
