package com.hdcsearch.cluster;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another {@code hdc} JVM: the java binary, the JVM flags of the launcher ({@code ./hdc}'s
 * {@code JVM_FLAGS}) and the packaged jar. Each child gets its own heap limit and system properties on top.
 *
 * @param java the java binary
 * @param flags JVM flags every child gets
 * @param jar the packaged service ({@code quarkus-run.jar})
 */
public record JavaLauncher(Path java, List<String> flags, Path jar) {
  public JavaLauncher {
    flags = List.copyOf(flags);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no packaged hdc at " + jar.toAbsolutePath() + ": run ./mvnw package first");
    }
  }

  /** The JVM this code runs in, started as {@code ./hdc} starts it (its heap, data-dir and agent flags left out). */
  public static JavaLauncher current() {
    Path java = ProcessHandle.current().info().command().map(Path::of)
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(f -> !f.startsWith("-Xmx") && !f.startsWith("-Xms") && !f.startsWith("-Dhdc.home=")
            && !f.startsWith("-agentlib") && !f.startsWith("-javaagent") && !f.startsWith("-Dquarkus.http.port="))
        .toList();
    return new JavaLauncher(java, flags, Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]));
  }

  /**
   * The command line of a child.
   *
   * @param jvm the child's own JVM options (heap, {@code -D} properties)
   * @param args the {@code hdc} command and its options
   */
  public List<String> command(List<String> jvm, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(flags);
    command.addAll(jvm);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(args);
    return command;
  }
}
