package com.hdcsearch.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a running service over its REST API whether an item is searchable and how much it has embedded. */
final class ServiceProbe {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();
  private final URI base;

  ServiceProbe(URI base) {
    this.base = base;
  }

  /** True when {@code GET /api/items/{id}} answers 200. */
  boolean isSearchable(String itemId) throws IOException, InterruptedException {
    String path = "/api/items/" + java.net.URLEncoder.encode(itemId, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
    HttpResponse<Void> r = http.send(request(path), HttpResponse.BodyHandlers.discarding());
    return r.statusCode() == 200;
  }

  /** {@code ingest.imagesEmbedded} of {@code GET /api/model}. */
  long imagesEmbedded() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request("/api/model"), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + base + "/api/model answered " + r.statusCode() + ": " + r.body());
    }
    JsonNode node = json.readTree(r.body()).path("ingest").path("imagesEmbedded");
    if (!node.isNumber()) {
      throw new IOException("GET /api/model has no ingest.imagesEmbedded: " + r.body());
    }
    return node.asLong();
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
  }
}
