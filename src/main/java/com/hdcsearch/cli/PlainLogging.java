package com.hdcsearch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Logging for the commands that run as plain Java (everything but {@code serve} and {@code demo}).
 *
 * <p>The Quarkus runner installs a delayed handler on the root logger and opens every level, so that nothing logged
 * before Quarkus reads its configuration is lost. A command that never boots Quarkus never configures it: every
 * record of every level (Kafka's TRACE lines included) was built, formatted and queued for nothing, about 4% of the
 * Java CPU of {@code bench reembed}'s in-process pipeline. This replaces it with what {@code application.properties}
 * gives the service: INFO to stderr, the Kafka categories at WARN.
 */
final class PlainLogging {
  /** The categories {@code application.properties} quiets for the service. */
  private static final List<String> QUIET = List.of("org.apache.kafka", "kafka", "state.change.logger",
      "org.apache.zookeeper");

  /** Held so the configured loggers (and their levels) are not collected. */
  private final List<Logger> configured;

  private PlainLogging(List<Logger> configured) {
    this.configured = configured;
  }

  /** The commands that boot Quarkus, which configures logging itself. */
  static boolean bootsQuarkus(String... args) {
    return args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
  }

  /** Routes the root logger to stderr at INFO; call once, before the command runs. */
  static PlainLogging install() {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler console = new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR,
        new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n"));
    console.setLevel(Level.INFO);
    root.addHandler(console);
    root.setLevel(Level.INFO);
    List<Logger> quiet = QUIET.stream().map(Logger::getLogger).toList();
    quiet.forEach(logger -> logger.setLevel(Level.WARNING));
    List<Logger> all = new ArrayList<>();
    all.add(root);
    all.addAll(quiet);
    return new PlainLogging(List.copyOf(all));
  }

  /** The loggers this configured (root first). */
  List<Logger> configured() {
    return configured;
  }
}
