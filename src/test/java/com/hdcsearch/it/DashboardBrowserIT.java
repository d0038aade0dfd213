package com.hdcsearch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.process.ServiceHttp;
import com.hdcsearch.process.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.hdcsearch.stream.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;

/**
 * The page at {@code /} in a real browser (Debian's headless Chromium through Selenium) against the packaged service
 * with real data and a model the online trainer trained and promoted: every chart has points, a search by id and an
 * image upload show thumbnails, errors show the API's message, the admin actions work with the token typed in, and
 * the console stays clean. Screenshots go to {@code target/screenshots/}.
 */
@Tag("process")
class DashboardBrowserIT {
  private static final int ITEMS = 240;
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
  private static final String TOKEN = "dashboard-it-admin-token-0123";
  private static final Path SHOTS = Path.of("target", "screenshots");
  /** The charts of the page (data-chart names). */
  private static final List<String> CHARTS = List.of("r1", "loss", "hard", "items", "fresh", "dlq", "lookupRate",
      "lookupLatency");
  /** A small gate and a sample a second, so that a promotion and the curves come within the test's minute. */
  private static final List<String> SETTINGS = List.of(
      "-Dhdc.dashboard.resolution=1s",
      "-Dhdc.admin.token=" + TOKEN,
      "-Dhdc.online.classes-per-batch=6", "-Dhdc.online.images-per-class=4", "-Dhdc.online.min-classes=4",
      "-Dhdc.online.candidate-every-steps=15", "-Dhdc.online.candidate-min-interval=0s",
      "-Dhdc.online.heldout.label-share=0", "-Dhdc.online.heldout.item-share=0.25",
      "-Dhdc.online.gate.margin=0", "-Dhdc.online.gate.min-classes=2", "-Dhdc.online.yield-backlog=100000");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<TestImages.Item> images = TestImages.fashionMnist(ITEMS);

  @Test
  void theDashboardShowsLearningServingAndSearchInARealBrowser() throws Exception {
    Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-data")), "dashboard-");
    ServiceProcess.Ports ports = ServiceProcess.Ports.free();
    try (ServiceProcess service = ServiceProcess.start(ServiceProcess.Launch.of(home).withPorts(ports)
        .withLog(Path.of("target", "it-logs", "dashboard.log")).withJvmOptions(SETTINGS))) {
      service.awaitReady(TIMEOUT);
      ServiceHttp http = new ServiceHttp(service.url());
      produceCatalogAndTwoBadRecords(ports);
      await(() -> http.indexedItems() >= ITEMS, "catalog searchable", service);
      await(() -> promoted(http), "the online trainer's first promotion", service);
      hammer(service, http, 40);

      try (HeadlessChromium chromium = HeadlessChromium.start(1440, 2000)) {
        ChromeDriver page = chromium.driver();
        page.get("http://localhost:" + ports.http() + "/");
        Map<String, Long> points = awaitChartsWithPoints(page);
        System.out.println("dashboard chart points: " + points);
        chromium.screenshot(SHOTS.resolve("dashboard.png"));

        // Visual search from a picked item: its nearest items as thumbnails, with label, score and version.
        String serving = http.json("/api/model/versions").get("serving").asText();
        page.findElement(By.cssSelector("#picks .tile")).click();
        List<WebElement> tiles = awaitThumbnails(page, 12);
        String first = tiles.getFirst().getText();
        assertTrue(first.matches("(?s).+\\nscore -?[01]\\.\\d{3}\\n…[0-9a-f]{6}"), "label, score, version: " + first);
        assertTrue(page.findElement(By.id("answerInfo")).getText().contains(serving), "answer names the version");
        page.executeScript("document.getElementById('searchCard').scrollIntoView()");
        chromium.screenshot(SHOTS.resolve("search-by-id.png"));

        // A click on a result searches from it.
        String clicked = tiles.get(3).getAttribute("data-item-id");
        tiles.get(3).click();
        awaitPage(page, () -> page.findElement(By.id("itemId")).getDomProperty("value").equals(clicked),
            "search from the clicked result");
        awaitThumbnails(page, 12);

        // An image file chosen in the page: the answer of POST /api/search.
        Path png = Files.createTempFile(home, "query-", ".png");
        Files.write(png, images.get(7).png());
        page.findElement(By.id("file")).sendKeys(png.toAbsolutePath().toString());
        awaitPage(page, () -> page.findElement(By.id("answerInfo")).getText().contains("uploaded PNG image"),
            "search by the uploaded image");
        awaitThumbnails(page, 12);
        chromium.screenshot(SHOTS.resolve("search-by-image.png"));

        // Admin: pause and resume with the token typed in (kept in sessionStorage, not in the page's source).
        page.findElement(By.id("token")).sendKeys(TOKEN);
        page.findElement(By.id("pause")).click();
        awaitPage(page, () -> page.findElement(By.id("adminResult")).getText().startsWith("training paused"), "pause");
        assertTrue(http.json("/api/training").get("paused").asBoolean(), "paused");
        page.findElement(By.id("resume")).click();
        awaitPage(page, () -> page.findElement(By.id("adminResult")).getText().startsWith("training resumed")
            && !page.findElement(By.id("trainerChip")).getText().contains("paused"), "resume");
        // The live DOM serialised: a typed value is no attribute, so the token is nowhere in the page's source.
        assertTrue(!page.getPageSource().contains(TOKEN), "the token is not in the page");
        assertEquals(TOKEN, page.executeScript("return sessionStorage.getItem('hdc.adminToken')"));
        page.executeScript("document.getElementById('versionsCard').scrollIntoView()");
        chromium.screenshot(SHOTS.resolve("versions.png"));

        List<LogEntry> clean = severe(chromium.console());
        assertEquals(List.of(), clean.stream().map(LogEntry::getMessage).toList(), "console errors");
        assertEquals(0L, page.executeScript("return window.hdc.errors.length"), "script errors");

        // Errors show the API's message (the failed requests are the only console errors they leave).
        WebElement id = page.findElement(By.id("itemId"));
        id.clear();
        id.sendKeys("no-such-item\n");
        awaitPage(page, () -> page.findElement(By.id("searchError")).getText()
            .equals("404 ITEM_NOT_FOUND: no item with id 'no-such-item' is indexed"), "the 404 message");
        Path text = Files.writeString(home.resolve("not-an-image.png"), "hello");
        page.findElement(By.id("file")).sendKeys(text.toAbsolutePath().toString());
        awaitPage(page, () -> page.findElement(By.id("searchError")).getText().matches(
            "415 UNSUPPORTED_TYPE: .*not a PNG or JPEG image.*"), "the bad file's message");
        System.out.println("bad file: " + page.findElement(By.id("searchError")).getText());
        page.findElement(By.id("token")).sendKeys("-wrong");
        page.findElement(By.id("pause")).click();
        awaitPage(page, () -> page.findElement(By.id("adminResult")).getText()
            .equals("401 UNAUTHORIZED: wrong admin token"), "the 401 message");
        for (LogEntry e : severe(chromium.console())) {
          assertTrue(e.getMessage().contains("Failed to load resource: the server responded with a status of 4"),
              "only the refused requests: " + e.getMessage());
        }
      }
    }
  }

  private void produceCatalogAndTwoBadRecords(ServiceProcess.Ports ports) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + ports.kafka()), new StringSerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < ITEMS; i++) {
        producer.send(new ProducerRecord<>("catalog.images", "d-" + i,
            TestImages.catalogImage("d-" + i, images.get(i).label(), images.get(i).png())));
      }
      producer.send(new ProducerRecord<>("catalog.images", "d-empty", TestImages.catalogImage("d-empty", "coat",
          new byte[0])));
      producer.send(new ProducerRecord<>("catalog.images", "d-garbage", new byte[] {1, 2, 3}))
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static boolean promoted(ServiceHttp http) throws Exception {
    JsonNode versions = http.json("/api/model/versions").get("history");
    for (JsonNode v : versions) {
      if (v.get("status").asText().equals("SERVING") && v.get("parent") != null && !v.get("parent").isNull()) {
        return true;
      }
    }
    return false;
  }

  /** Lookups of both kinds, so that the lookup charts have something to show. */
  private void hammer(ServiceProcess service, ServiceHttp http, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      assertEquals(200, http.get("/api/items/d-" + (i * 7 % ITEMS) + "/similar?k=5").statusCode());
    }
    URI search = URI.create("http://localhost:" + service.ports().http() + "/api/search?k=5");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(search).header("Content-Type", "image/png")
          .POST(HttpRequest.BodyPublishers.ofByteArray(images.get(i).png())).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> awaitChartsWithPoints(ChromeDriver page) throws InterruptedException {
    long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
    Map<String, Long> points = Map.of();
    while (System.nanoTime() < deadline) {
      Object p = page.executeScript("return window.hdc ? window.hdc.charts.points() : null");
      if (p instanceof Map<?, ?> m) {
        Map<String, Long> now = (Map<String, Long>) m;
        points = now;
        if (CHARTS.stream().allMatch(c -> now.getOrDefault(c, 0L) > 0)) {
          return now;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("charts without points after " + PAGE_TIMEOUT + ": " + points);
  }

  /** Waits until the result grid holds {@code k} thumbnails whose images have loaded. */
  private static List<WebElement> awaitThumbnails(ChromeDriver page, int k) throws InterruptedException {
    awaitPage(page, () -> Boolean.TRUE.equals(page.executeScript(
        "const imgs = [...document.querySelectorAll('#results .tile img')];"
            + "return imgs.length === arguments[0] && imgs.every(i => i.complete && i.naturalWidth > 0);", k)),
        k + " thumbnails with their images");
    return page.findElements(By.cssSelector("#results .tile"));
  }

  private static List<LogEntry> severe(List<LogEntry> entries) {
    List<LogEntry> out = new ArrayList<>();
    for (LogEntry e : entries) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        out.add(e);
      }
    }
    return out;
  }

  private static void awaitPage(ChromeDriver page, BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
        // the page is re-rendering: look again
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the page did not show: " + what);
  }

  private interface Check {
    boolean get() throws Exception;
  }

  private static void await(Check condition, String what, ServiceProcess service) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not within " + TIMEOUT + ": " + what + "\n" + service.logTail());
  }
}
