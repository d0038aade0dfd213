package com.hdcsearch.process;

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
import java.util.Optional;

/** The few REST calls that the process benches and ITs make to a service; thread-safe. */
public final class ServiceHttp {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI base;
  private final Duration timeout;

  /** A client of the service at {@code base} with a 10 s request timeout. */
  public ServiceHttp(URI base) {
    this(base, REQUEST_TIMEOUT);
  }

  /** A client whose requests give up after {@code timeout}. */
  public ServiceHttp(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
  }

  /** {@code GET path}, whatever the status. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET path} as bytes (an image), whatever the status. */
  public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** {@code GET path} as JSON; any status but 200 is an {@link IOException} naming it and the body. */
  public JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new IOException("GET " + base.resolve(path) + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** {@code /api/model}'s count of searchable items (documents in the serving index). */
  public int indexedItems() throws IOException, InterruptedException {
    return json("/api/model").get("indexedItems").asInt();
  }

  /** {@code /api/model}'s serving version. */
  public String modelVersion() throws IOException, InterruptedException {
    return json("/api/model").path("modelVersion").asText(null);
  }

  /**
   * {@code GET /api/items/{id}}: the indexed item (itemId, label, modelVersion), empty on 404.
   *
   * @throws IOException on any other status
   */
  public Optional<JsonNode> item(String itemId) throws IOException, InterruptedException {
    String path = "/api/items/" + encode(itemId);
    HttpResponse<String> r = get(path);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return Optional.of(JSON.readTree(r.body()));
  }

  /** True when the item is indexed. */
  public boolean searchable(String itemId) throws IOException, InterruptedException {
    return item(itemId).isPresent();
  }

  /** The status of {@code GET /api/items/{id}/similar?k=}: 200 when lookups answer. */
  public int similarStatus(String itemId, int k) throws IOException, InterruptedException {
    return get("/api/items/" + encode(itemId) + "/similar?k=" + k).statusCode();
  }

  public static String encode(String itemId) {
    return URLEncoder.encode(itemId, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
