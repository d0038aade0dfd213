package com.hdcsearch.process;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code java <flags> -jar quarkus-run.jar serve}) as a child process, started the way
 * {@code ./hdc serve} starts it (the JVM flags of the launcher's {@code JVM_FLAGS=(...)} line), with all its data
 * under one home directory, its own HTTP and embedded-broker ports and its output in a log file. The one launcher of
 * the benches that run a service ({@code bench online}, {@code chaos}, {@code soak}) and of the process ITs.
 */
public final class ServiceProcess implements AutoCloseable {
  /** The flags of {@code ./hdc} when its file is not at hand: Lucene's SIMD path, native access, JBoss logging. */
  public static final List<String> DEFAULT_JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
      "--enable-native-access=ALL-UNNAMED", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
  /** Where a build puts the service. */
  public static final Path DEFAULT_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  /** System properties the failsafe run sets: the packaged jar and the launcher script, by absolute path. */
  public static final String JAR_PROPERTY = "hdc.it.jar";
  public static final String LAUNCHER_PROPERTY = "hdc.it.launcher";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The ports of one service; kept across the restarts of one run, as a user's are. */
  public record Ports(int http, int kafka) {
    /** Two ports that were free a moment ago (the child binds them soon after; a clash fails its start loudly). */
    public static Ports free() {
      return new Ports(freePort(), freePort());
    }
  }

  /**
   * What to start.
   *
   * @param jar the packaged service
   * @param home its {@code hdc.home} (data under {@code home/data})
   * @param ports HTTP and embedded broker ports
   * @param settings {@code -D} settings after the home and ports (they may override them)
   * @param jvmOptions extra JVM options before the settings, e.g. {@code -Xmx3g}
   * @param log where its output goes (appended: the restarts of one run share a log if asked to)
   */
  public record Launch(Path jar, Path home, Ports ports, Map<String, String> settings, List<String> jvmOptions,
      Path log) {
    public Launch {
      settings = Map.copyOf(new LinkedHashMap<>(settings));
      jvmOptions = List.copyOf(jvmOptions);
    }

    /** The default jar ({@code -Dhdc.it.jar} or the build's), fresh ports, no settings, log {@code home/service.log}. */
    public static Launch of(Path home) {
      return new Launch(Path.of(System.getProperty(JAR_PROPERTY, DEFAULT_JAR.toString())), home, Ports.free(),
          Map.of(), List.of(), home.resolve("service.log"));
    }

    public Launch withJar(Path value) {
      return new Launch(value, home, ports, settings, jvmOptions, log);
    }

    public Launch withPorts(Ports value) {
      return new Launch(jar, home, value, settings, jvmOptions, log);
    }

    public Launch withSettings(Map<String, String> value) {
      return new Launch(jar, home, ports, value, jvmOptions, log);
    }

    public Launch withJvmOptions(List<String> value) {
      return new Launch(jar, home, ports, settings, value, log);
    }

    public Launch withLog(Path value) {
      return new Launch(jar, home, ports, settings, jvmOptions, value);
    }
  }

  private final Process process;
  private final Launch launch;
  private final URI url;

  private ServiceProcess(Process process, Launch launch) {
    this.process = process;
    this.launch = launch;
    this.url = URI.create("http://localhost:" + launch.ports().http());
  }

  /**
   * Starts the service and returns at once ({@link #awaitReady} waits for it).
   *
   * @throws IllegalArgumentException when there is no packaged service at the launch's jar
   */
  public static ServiceProcess start(Launch launch) throws IOException {
    if (!Files.isRegularFile(launch.jar())) {
      throw new IllegalArgumentException("no packaged service at " + launch.jar().toAbsolutePath()
          + ": build it first (./mvnw -B -q -DskipTests package)");
    }
    Files.createDirectories(launch.home());
    Path logDir = launch.log().toAbsolutePath().getParent();
    if (logDir != null) {
      Files.createDirectories(logDir);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launcherJvmFlags(Path.of(System.getProperty(LAUNCHER_PROPERTY, "hdc"))));
    command.addAll(launch.jvmOptions());
    command.add("-Dhdc.home=" + launch.home().toAbsolutePath());
    command.add("-Dquarkus.http.port=" + launch.ports().http());
    command.add("-Dhdc.kafka.embedded.port=" + launch.ports().kafka());
    launch.settings().forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(launch.jar().toAbsolutePath().toString());
    command.add("serve");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
    // The child runs its own embedded broker and port: nothing from this environment may point it elsewhere.
    pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
    pb.environment().remove("QUARKUS_HTTP_PORT");
    return new ServiceProcess(pb.start(), launch);
  }

  /** Starts the service and waits until it is ready; a service that is not is stopped, and the error says why. */
  public static ServiceProcess startReady(Launch launch, Duration timeout) throws IOException, InterruptedException {
    ServiceProcess service = start(launch);
    try {
      service.awaitReady(timeout);
    } catch (InterruptedException | RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  /**
   * Waits until {@code /q/health/ready} answers 200 (UP).
   *
   * @return how long that took
   * @throws IllegalStateException when the process exits first or is not ready within {@code timeout} (with the
   *     end of its log)
   */
  public Duration awaitReady(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue() + " before it was ready\n"
            + logTail());
      }
      if (ready()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException("the service was not ready within " + timeout + "\n" + logTail());
  }

  /** True when {@code /q/health/ready} answers 200 (UP). */
  public boolean ready() {
    try {
      return HTTP.send(HttpRequest.newBuilder(url.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public URI url() {
    return url;
  }

  /** The embedded broker, {@code localhost:port}. */
  public String bootstrap() {
    return "localhost:" + launch.ports().kafka();
  }

  public Ports ports() {
    return launch.ports();
  }

  public Launch launch() {
    return launch;
  }

  public Path logFile() {
    return launch.log();
  }

  /** The operating system's id of the service's JVM. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** A clean stop, as Ctrl-C gives: SIGTERM, which runs the same shutdown hooks as SIGINT. Returns the exit code. */
  public int stop() throws InterruptedException {
    process.destroy();
    return awaitExit();
  }

  /** kill -9 (SIGKILL): no shutdown hook runs, nothing is flushed or committed. Returns the exit code. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    return awaitExit();
  }

  private int awaitExit() throws InterruptedException {
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
      throw new IllegalStateException("the service did not stop within " + STOP_TIMEOUT + "\n" + logTail());
    }
    return process.exitValue();
  }

  /** The whole log so far (of every start that shares the file). */
  public String log() {
    try {
      return Files.readString(launch.log(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the service still runs, or its exit code, then the end of its log: what an error met while talking to
   * it should carry, since a refused connection alone does not say whether the service died (and why) or was busy.
   */
  public String stateAndLogTail() {
    String state = process.isAlive() ? "the service (pid " + process.pid() + ") is still running"
        : "the service (pid " + process.pid() + ") exited with " + process.exitValue();
    return state + "\n" + logTail();
  }

  /** The log's last few thousand characters, headed by its path: for error messages. */
  public String logTail() {
    String all;
    try {
      all = log();
    } catch (UncheckedIOException e) {
      return "(no log at " + launch.log() + ": " + e.getMessage() + ")";
    }
    return "--- last lines of " + launch.log() + " ---\n" + all.substring(Math.max(0, all.length() - 6000));
  }

  /** Stops it cleanly, and kills it when it does not stop within a minute; nothing when it has exited. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * The JVM flags of {@code ./hdc} (its {@code JVM_FLAGS=(...)} line), so that a child runs as users run it;
   * {@link #DEFAULT_JVM_FLAGS} when {@code launcher} is not there (a jar run outside the checkout).
   *
   * @throws IllegalStateException when the launcher is there without that line
   */
  public static List<String> launcherJvmFlags(Path launcher) throws IOException {
    if (!Files.isRegularFile(launcher)) {
      return DEFAULT_JVM_FLAGS;
    }
    for (String line : Files.readAllLines(launcher, StandardCharsets.UTF_8)) {
      if (line.startsWith("JVM_FLAGS=(") && line.endsWith(")")) {
        String inner = line.substring("JVM_FLAGS=(".length(), line.length() - 1).trim();
        return Arrays.asList(inner.split("\\s+"));
      }
    }
    throw new IllegalStateException("no JVM_FLAGS=(...) line in " + launcher.toAbsolutePath());
  }

  /** A loopback port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
