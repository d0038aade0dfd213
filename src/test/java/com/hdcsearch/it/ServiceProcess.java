package com.hdcsearch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar serve}) as a child process, started the way
 * {@code ./hdc serve} starts it (the same JVM flags, read from the launcher), on a data directory of its own and free
 * ports. Its output goes to a log file that a failing test prints the end of.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int httpPort;

  private ServiceProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** Ports that stay the same across the restarts of one test, like a user's. */
  record Ports(int http, int kafka) {
    static Ports free() {
      return new Ports(freePort(), freePort());
    }
  }

  /** Starts {@code hdc serve} with {@code home} as its hdc.home (its data under {@code home/data}). */
  static ServiceProcess start(Path home, Ports ports, Path log) throws IOException {
    return start(home, ports, log, List.of());
  }

  /** As {@link #start(Path, Ports, Path)} with more {@code -Dkey=value} settings (e.g. online training options). */
  static ServiceProcess start(Path home, Ports ports, Path log, List<String> systemProperties) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launcherJvmFlags());
    command.addAll(List.of("-Dhdc.home=" + home, "-Dquarkus.http.port=" + ports.http(),
        "-Dhdc.kafka.embedded.port=" + ports.kafka()));
    command.addAll(systemProperties);
    command.addAll(List.of("-jar", jar().toString(), "serve"));
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServiceProcess(p, log, ports.http());
  }

  /** The HTTP port it listens on. */
  int httpPort() {
    return httpPort;
  }

  /** Waits until {@code /q/health/ready} answers UP; returns how long that took. */
  Duration awaitReady() throws Exception {
    long start = System.nanoTime();
    long deadline = start + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the service exited with " + process.exitValue() + " before it was ready\n" + logTail());
      }
      if (ready()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not ready after " + READY_TIMEOUT + "\n" + logTail());
  }

  /** True when {@code /q/health/ready} answers 200 (UP). */
  boolean ready() {
    try {
      return get("/q/health/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code /api/model}'s count of searchable items. */
  int indexedItems() throws IOException {
    HttpResponse<String> r = get("/api/model");
    if (r.statusCode() != 200) {
      throw new AssertionError("/api/model answered " + r.statusCode() + ": " + r.body());
    }
    return json(r.body()).get("indexedItems").asInt();
  }

  /** True when the item is indexed ({@code GET /api/items/{id}} answers 200; 404 when not). */
  boolean searchable(String itemId) throws IOException {
    int status = get("/api/items/" + itemId).statusCode();
    if (status != 200 && status != 404) {
      throw new AssertionError("GET /api/items/" + itemId + " answered " + status);
    }
    return status == 200;
  }

  HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  /** A clean stop, as Ctrl-C gives: SIGTERM, which runs the same shutdown hooks as SIGINT. Returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    return awaitExit();
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or committed. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return awaitExit();
  }

  private int awaitExit() throws InterruptedException {
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the service did not stop within " + STOP_TIMEOUT + "\n" + logTail());
    }
    return process.exitValue();
  }

  /** The whole log so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String logTail() {
    String all = log();
    return "--- last lines of " + log + " ---\n" + all.substring(Math.max(0, all.length() - 6000));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** The packaged service; the integration-test phase runs after package, so it exists. */
  private static Path jar() {
    Path jar = Path.of(System.getProperty("hdc.it.jar", "target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no packaged service at " + jar.toAbsolutePath() + ": run ./mvnw package first");
    }
    return jar;
  }

  /** The JVM flags of {@code ./hdc} (its {@code JVM_FLAGS=(...)} line), so that the test runs what users run. */
  static List<String> launcherJvmFlags() throws IOException {
    Path launcher = Path.of(System.getProperty("hdc.it.launcher", "hdc"));
    for (String line : Files.readAllLines(launcher, StandardCharsets.UTF_8)) {
      if (line.startsWith("JVM_FLAGS=(") && line.endsWith(")")) {
        String inner = line.substring("JVM_FLAGS=(".length(), line.length() - 1).trim();
        return Arrays.asList(inner.split("\\s+"));
      }
    }
    throw new AssertionError("no JVM_FLAGS=(...) line in " + launcher.toAbsolutePath());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
