package com.hdcsearch.load;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code POST /api/search} with catalog images (PNG) at a fixed arrival rate ({@code hdc.load.rate}, default 50/s):
 * each request decodes the image and runs the network once before the index search. The query images are the
 * catalog's own, read from the service ({@code GET /api/items/{id}/image}) before the load starts, a seeded sample
 * of {@code hdc.load.images} (default 200).
 */
public class SearchByImageSimulation extends Simulation {
  private final LoadSettings settings = LoadSettings.fromSystemProperties(50);
  private final List<byte[]> images = fetchImages(settings, Integer.getInteger("hdc.load.images", 200));

  private final HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrl()).acceptHeader("application/json")
      .shareConnections();

  private final Iterator<Map<String, Object>> queries = queries(images, settings.seed());

  private final ScenarioBuilder search = scenario("search-by-image")
      .feed(queries)
      .exec(http("search").post("/api/search?k=" + settings.k())
          .header("Content-Type", "image/png")
          .body(ByteArrayBody(session -> session.<byte[]>get("png")))
          .check(status().is(200)));

  {
    setUp(search.injectOpen(
        rampUsersPerSec(1).to(settings.rate()).during(settings.ramp()),
        constantUsersPerSec(settings.rate()).during(settings.duration())))
        .protocols(protocol)
        .assertions(global().successfulRequests().percent().is(100.0));
  }

  private static Iterator<Map<String, Object>> queries(List<byte[]> images, long seed) {
    Random random = new Random(seed);
    return Stream.generate(() -> Map.<String, Object>of("png", images.get(random.nextInt(images.size()))))
        .iterator();
  }

  /** A seeded sample of the catalog's images, as the service stores them; fails naming the item it could not read. */
  private static List<byte[]> fetchImages(LoadSettings s, int count) {
    Random random = new Random(s.seed() + 1);
    HttpClient client = HttpClient.newHttpClient();
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = s.idPrefix() + random.nextInt(s.items());
      HttpRequest request = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/items/" + id + "/image")).build();
      try {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("GET /api/items/" + id + "/image answered " + r.statusCode()
              + ": is the catalog (hdc.load.items=" + s.items() + ", prefix " + s.idPrefix() + ") streamed in?");
        }
        out.add(r.body());
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the image of " + id + " from " + s.baseUrl(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return out;
  }
}
