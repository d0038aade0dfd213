package com.hdcsearch.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code hdc serve}: the service alone. Kafka from {@code KAFKA_BOOTSTRAP_SERVERS}, else an embedded broker on
 * localhost:9092; HTTP on {@code QUARKUS_HTTP_PORT} (default 8080). Runs until stopped (Ctrl-C).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the service (embedded Kafka unless KAFKA_BOOTSTRAP_SERVERS is set).")
public final class ServeCommand implements Callable<Integer> {

  @picocli.CommandLine.Mixin ServingModelOption model;

  @Override
  public Integer call() {
    model.applyBeforeBoot();
    Quarkus.run(ServiceApplication.class);
    return 0;
  }

  /** Keeps the booted service running until the JVM is asked to stop. */
  public static final class ServiceApplication implements QuarkusApplication {
    @Override
    public int run(String... args) {
      Quarkus.waitForExit();
      return 0;
    }
  }
}
