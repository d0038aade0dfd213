package com.hdcsearch.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * Entry point of the one artifact: parses {@code hdc <command>} with picocli. Only the commands that need the service
 * ({@code serve}, {@code demo}, service benches) boot Quarkus; the others (datasets, train, eval) run as plain Java,
 * without starting a broker or an HTTP server.
 */
@QuarkusMain
public final class Main {
  private Main() {}

  public static void main(String... args) {
    PlainLogging logging = PlainLogging.bootsQuarkus(args) ? null : PlainLogging.install();
    int exitCode = new CommandLine(new HdcCommand()).execute(args);
    java.lang.ref.Reference.reachabilityFence(logging);
    System.exit(exitCode);
  }
}
