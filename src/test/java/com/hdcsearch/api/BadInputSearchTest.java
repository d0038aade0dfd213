package com.hdcsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.badinput.BadInputCorpus;
import com.hdcsearch.kafka.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The API under bad input: every image of the bad-input corpus posted to {@code POST /api/search} answers the status
 * and reason code the corpus names (never 5xx), bodies and k are bounded, and a burst of searches by image beyond the
 * concurrency limit answers 429 with Retry-After.
 */
@Tag("quarkus")
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class BadInputSearchTest {
  private static final long TIMEOUT_MS = 60_000;

  @Inject ImageSearchLimiter limiter;

  @BeforeEach
  void ready() throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (given().get("/q/health/ready").statusCode() != 200) {
      assertTrue(System.currentTimeMillis() < deadline, "service never ready");
      Thread.sleep(100);
    }
  }

  @Test
  void everyCorpusImageAnswersItsStatusAndReasonNever5xx() {
    Map<String, String> wrong = new LinkedHashMap<>();
    int posted = 0;
    for (BadInputCorpus.Case c : BadInputCorpus.cases()) {
      if (c.image() == null) {
        continue;
      }
      posted++;
      Response r = given().contentType(c.image().contentType()).body(c.image().bytes()).post("/api/search?k=3");
      String error = r.statusCode() == 200 ? null : r.path("error");
      System.out.printf("badinput api %-28s %d %s%n", c.name(), r.statusCode(), error == null ? "" : error);
      assertTrue(r.statusCode() < 500, c.name() + " answered " + r.statusCode() + ": " + r.asString());
      if (r.statusCode() != c.image().status() || (c.image().error() != null && !c.image().error().equals(error))) {
        wrong.put(c.name(), "expected " + c.image().status() + " " + c.image().error() + ", got " + r.statusCode()
            + " " + r.asString());
      } else if (r.statusCode() == 200) {
        assertEquals(r.path("modelVersion") != null, true, c.name());
      } else {
        assertTrue(((String) r.path("message")).length() > 10, "the message names the problem: " + r.asString());
      }
    }
    assertEquals(Map.of(), wrong);
    assertTrue(posted >= 25, "image cases posted: " + posted);
  }

  @Test
  void bodiesAndKAreBounded() {
    // Over quarkus.http.limits.max-body-size (128K in tests): refused before the body is buffered.
    given().contentType("image/png").body(new byte[200 * 1024]).post("/api/search").then().statusCode(413);
    given().contentType("image/png").body(new byte[] {1}).post("/api/search?k=101").then().statusCode(400)
        .body("error", equalTo("BAD_K"));
    given().contentType("image/png").body(new byte[] {1}).post("/api/search?k=-1").then().statusCode(400)
        .body("error", equalTo("BAD_K"));
    given().get("/api/items/x/similar?k=99999999999").then().statusCode(400).body("error", equalTo("BAD_K"));
  }

  @Test
  void searchesByImageBeyondTheLimitAnswer429WithRetryAfter() {
    byte[] png = BadInputCorpus.cases().stream().filter(c -> c.name().equals("img-png-rgb")).findFirst()
        .orElseThrow().image().bytes();
    // Hold every place, as that many slow searches would: the next one is refused at once, not queued.
    List<ImageSearchLimiter.Permit> held = new ArrayList<>();
    try {
      while (limiter.available() > 0) {
        held.add(limiter.acquire());
      }
      assertEquals(8, held.size(), "hdc.api.max-concurrent-image-searches default");
      given().contentType("image/png").body(png).post("/api/search").then().statusCode(429)
          .header("Retry-After", equalTo("1"))
          .body("error", equalTo("TOO_MANY_SEARCHES"))
          .body("message", containsString("max-concurrent-image-searches"));
      // Lookups by id take no such place.
      given().get("/api/items/no-such-item/similar").then().statusCode(404);
    } finally {
      held.forEach(ImageSearchLimiter.Permit::close);
    }
    given().contentType("image/png").body(png).post("/api/search").then().statusCode(200)
        .body("modelVersion", notNullValue());
    assertEquals(8, limiter.available(), "every place is given back, errors included");
  }
}
