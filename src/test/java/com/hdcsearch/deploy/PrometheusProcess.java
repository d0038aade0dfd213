package com.hdcsearch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) as a child process on a free loopback port, with a
 * temporary config and data directory, and its query API. Missing binaries are a failure that says what to install.
 */
final class PrometheusProcess implements AutoCloseable {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI base;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  /** What {@code promtool check config} said. */
  record Check(int exitCode, String output) {}

  private PrometheusProcess(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /** Runs {@code promtool check config file}. */
  static Check promtoolCheck(Path file) throws IOException, InterruptedException {
    requireInstalled(PROMTOOL);
    Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "config", file.toString()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("promtool did not finish in 60 s");
    }
    return new Check(p.exitValue(), out);
  }

  /**
   * Starts Prometheus in {@code dir}, scraping {@code metricsPath} of {@code target} (host:port) every
   * {@code interval}; returns once it answers ready.
   */
  static PrometheusProcess start(Path dir, String target, String metricsPath, Duration interval)
      throws IOException, InterruptedException {
    requireInstalled(PROMETHEUS);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: %1$ds
          evaluation_interval: %1$ds
        scrape_configs:
          - job_name: hdc
            metrics_path: %2$s
            static_configs:
              - targets: ['%3$s']
        """.formatted(interval.toSeconds(), metricsPath, target));
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusProcess prom = new PrometheusProcess(p, URI.create("http://127.0.0.1:" + port), log);
    try {
      prom.awaitReady();
    } catch (IOException | InterruptedException | RuntimeException e) {
      prom.close();
      throw e;
    }
    return prom;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus not ready after " + START_TIMEOUT + ": " + Files.readString(log));
  }

  /** The instant vector or scalar that {@code promql} evaluates to now: the {@code data.result} of the query API. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = json.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalArgumentException("query '" + promql + "' failed (" + r.statusCode() + "): " + r.body());
    }
    return body.path("data").path("result");
  }

  /** The health of the scrape targets, e.g. ["up"]. */
  List<String> targetHealth() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/targets")).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> out = new java.util.ArrayList<>();
    json.readTree(r.body()).path("data").path("activeTargets").forEach(t -> out.add(t.path("health").asText()
        + (t.path("lastError").asText("").isEmpty() ? "" : " " + t.path("lastError").asText())));
    return out;
  }

  private static void requireInstalled(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: install Debian's prometheus package "
          + "(apt-get install -y prometheus; .ci/run does it)");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
