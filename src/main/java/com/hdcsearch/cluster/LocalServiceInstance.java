package com.hdcsearch.cluster;

import java.io.IOException;
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
 * One service instance of a local cluster ({@code hdc serve} in a JVM of its own) on an external Kafka cluster, with
 * its own HTTP port, index and Streams state, and the settings it shares with the other instances: the application id,
 * the versions' and the trainer's directories (one machine: a shared directory stands for the shared volume).
 */
public final class LocalServiceInstance implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * What an instance is started with.
   *
   * @param name the instance's name (its data directory, its name on model events)
   * @param httpPort its HTTP port, also announced to the other instances
   * @param home its own data directory (index, Streams state)
   * @param shared the directory the instances share (model versions, trainer state)
   * @param bootstrapServers the Kafka cluster
   * @param replicas the replication factor of the topics it creates ({@code min.insync.replicas} one less)
   * @param heap the JVM's heap limit, e.g. {@code 768m}
   * @param properties more {@code -D} settings
   */
  public record Spec(String name, int httpPort, Path home, Path shared, String bootstrapServers, int replicas,
      String heap, Map<String, String> properties) {
    public Spec {
      properties = Map.copyOf(properties);
    }

    List<String> jvm() {
      List<String> jvm = new ArrayList<>();
      jvm.add("-Xmx" + heap);
      jvm.add("-Dhdc.home=" + home);
      jvm.add("-Dquarkus.http.port=" + httpPort);
      jvm.add("-Dhdc.cluster.advertised-port=" + httpPort);
      jvm.add("-Dkafka.bootstrap.servers=" + bootstrapServers);
      jvm.add("-Dhdc.kafka.replication-factor=" + replicas);
      jvm.add("-Dhdc.kafka.min-insync-replicas=" + Math.max(1, replicas - 1));
      jvm.add("-Dhdc.versions.dir=" + shared.resolve("versions"));
      jvm.add("-Dhdc.online.state-dir=" + shared.resolve("trainer"));
      jvm.add("-Dhdc.versions.instance=" + name);
      properties.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
      return jvm;
    }
  }

  private final Spec spec;
  private final Process process;
  private final Path log;

  private LocalServiceInstance(Spec spec, Process process, Path log) {
    this.spec = spec;
    this.process = process;
    this.log = log;
  }

  /** Starts the instance; its output goes to {@code log}. */
  public static LocalServiceInstance start(JavaLauncher launcher, Spec spec, Path log) throws IOException {
    Files.createDirectories(spec.home());
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(launcher.command(spec.jvm(), List.of("serve"))).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new LocalServiceInstance(spec, p, log);
  }

  public Spec spec() {
    return spec;
  }

  public String baseUrl() {
    return "http://localhost:" + spec.httpPort();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits until {@code /q/health/ready} answers UP. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("instance " + spec.name() + " exited with " + process.exitValue()
            + " before it was ready; see " + log);
      }
      if (ready()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("instance " + spec.name() + " not ready after " + timeout.toSeconds()
        + " s; see " + log);
  }

  /** True when {@code /q/health/ready} answers 200. */
  public boolean ready() {
    try {
      return get("/q/health/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** A GET on this instance's API. */
  public HttpResponse<byte[]> get(String path) throws IOException {
    return get(path, Map.of());
  }

  /** A GET on this instance's API with request headers. */
  public HttpResponse<byte[]> get(String path, Map<String, String> headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A POST without a body on this instance's API (the admin actions), with request headers. */
  public HttpResponse<byte[]> post(String path, Map<String, String> headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** SIGTERM (a clean stop, as Ctrl-C); waits for the exit. */
  public int stop() throws InterruptedException {
    process.destroy();
    return awaitExit();
  }

  /** kill -9: no shutdown hook runs, nothing is committed, its group memberships time out. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    return awaitExit();
  }

  private int awaitExit() throws InterruptedException {
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
