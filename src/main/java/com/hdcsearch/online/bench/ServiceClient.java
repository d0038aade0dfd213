package com.hdcsearch.online.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The service's REST API as the bench uses it; thread-safe (one HTTP client shared by all threads). */
final class ServiceClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** One {@code /similar} answer: the HTTP status, the version it names (null if none) and the results' labels. */
  record Answer(int status, String modelVersion, List<String> itemIds, List<String> labels) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();
  private final URI base;

  ServiceClient(URI base) {
    this.base = base;
  }

  /** {@code GET /api/items/{id}/similar?k=}; a non-200 answer comes back with its status and no results. */
  Answer similar(String itemId, int k) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(get("/api/items/" + encode(itemId) + "/similar?k=" + k),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return new Answer(r.statusCode(), null, List.of(), List.of());
    }
    JsonNode body = json.readTree(r.body());
    List<String> ids = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (JsonNode hit : body.path("results")) {
      ids.add(hit.path("itemId").asText());
      labels.add(hit.path("label").asText());
    }
    JsonNode version = body.get("modelVersion");
    return new Answer(200, version == null || version.isNull() ? null : version.asText(), ids, labels);
  }

  /**
   * Sends a GET that the bench only polls with (never a lookup it counts), once more if the first attempt fails with
   * an I/O error: the JDK client reuses pooled keep-alive connections, and one that the server has closed meanwhile
   * fails with "Connection reset" although the service is up (seen once in a run, on the item and probe polls at the
   * same instant, while every lookup answered). Lookups ({@link #similar}) are not retried: their failures are counted.
   */
  private <T> HttpResponse<T> poll(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    try {
      return http.send(request, body);
    } catch (IOException first) {
      try {
        return http.send(request, body);
      } catch (IOException second) {
        second.addSuppressed(first);
        throw second;
      }
    }
  }

  /** True when {@code GET /api/items/{id}} answers 200 (the item is searchable). */
  boolean isSearchable(String itemId) throws IOException, InterruptedException {
    return poll(get("/api/items/" + encode(itemId)), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  /** {@code GET /api/model/versions}. */
  JsonNode versions() throws IOException, InterruptedException {
    return getJson("/api/model/versions");
  }

  /** {@code GET /api/training}. */
  JsonNode training() throws IOException, InterruptedException {
    return getJson("/api/training");
  }

  /** {@code GET /api/model}. */
  JsonNode model() throws IOException, InterruptedException {
    return getJson("/api/model");
  }

  private JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = poll(get(path), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + base.resolve(path) + " answered " + r.statusCode() + ": " + r.body());
    }
    return json.readTree(r.body());
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
  }

  private static String encode(String itemId) {
    return URLEncoder.encode(itemId, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
