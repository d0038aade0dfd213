package com.hdcsearch.online.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * A fresh service as a child JVM ({@code java <flags> -jar quarkus-run.jar serve}) with all its data under one home
 * directory, its own HTTP port and embedded broker port, its output in {@code home/service.log}. {@link #close}
 * destroys it and waits for it to exit.
 */
final class ServiceProcess implements AutoCloseable {
  /** The flags the {@code hdc} launcher gives every JVM: Lucene's SIMD path, native access, JBoss logging. */
  static final List<String> JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
      "--enable-native-access=ALL-UNNAMED", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
  /** Leaves the rest of the memory to libtorch, the bench and the page cache. */
  static final String HEAP = "-Xmx3g";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(250);

  private final Process process;
  private final URI url;
  private final String bootstrap;
  private final Path log;

  private ServiceProcess(Process process, URI url, String bootstrap, Path log) {
    this.process = process;
    this.url = url;
    this.bootstrap = bootstrap;
    this.log = log;
  }

  /**
   * Starts the service with {@code settings} as {@code -D} properties (plus home, ports) and waits until
   * {@code /q/health/ready} answers 200.
   *
   * @throws IllegalStateException when it exits or is not ready within {@link #READY_TIMEOUT} (log named)
   */
  static ServiceProcess start(Path jar, Path home, Map<String, String> settings)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no packaged service at " + jar.toAbsolutePath()
          + ": build it first (./mvnw -B -q -DskipTests package)");
    }
    Files.createDirectories(home);
    int httpPort = freePort();
    int kafkaPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(JVM_FLAGS);
    command.add(HEAP);
    command.add("-Dhdc.home=" + home.toAbsolutePath());
    command.add("-Dquarkus.http.port=" + httpPort);
    command.add("-Dhdc.kafka.embedded.port=" + kafkaPort);
    settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.add("serve");
    Path log = home.resolve("service.log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // The child must not inherit a Kafka cluster from the environment: it runs its own embedded broker.
    pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
    pb.environment().remove("QUARKUS_HTTP_PORT");
    System.err.println("bench online: starting " + String.join(" ", command));
    ServiceProcess service = new ServiceProcess(pb.start(), URI.create("http://localhost:" + httpPort),
        "localhost:" + kafkaPort, log);
    try {
      service.awaitReady();
    } catch (InterruptedException | RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  URI url() {
    return url;
  }

  String bootstrap() {
    return bootstrap;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue() + " before it was ready; "
            + "see " + log);
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url.resolve("/q/health/ready"))
            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException("the service was not ready within " + READY_TIMEOUT + "; see " + log);
  }

  /** A port that was free a moment ago (the child binds it soon after; a clash fails its start loudly). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** Asks the service to stop (SIGTERM: Quarkus shuts down cleanly), kills it if it does not within a minute. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
