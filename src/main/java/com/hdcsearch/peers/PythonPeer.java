package com.hdcsearch.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a peer script of {@code load-tests/peers/} with Debian's interpreter ({@code /usr/bin/python3}, the one Debian's
 * python3-* modules are installed for) and hands back its standard output; standard error goes to a log. Before the
 * first run it makes sure the Debian packages the script imports are there ({@code ensure-debian.sh}, which installs
 * the missing ones with apt-get).
 */
public final class PythonPeer {
  /** Debian's interpreter: a pyenv python3 first on PATH would not see Debian's modules. */
  public static final String DEFAULT_PYTHON = "/usr/bin/python3";
  /** Where the peer scripts live, relative to the project's home. */
  public static final String PEERS_DIR = "load-tests/peers";
  private static final String ENSURE_SCRIPT = "ensure-debian.sh";

  private final Path dir;
  private final String python;
  private final Consumer<String> log;

  /**
   * @param dir the folder with the peer scripts
   * @param python the interpreter
   * @param log where the scripts' standard error lines go
   */
  public PythonPeer(Path dir, String python, Consumer<String> log) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("peer scripts folder not found: " + dir
          + " (run from the project's folder, or pass --peer-dir)");
    }
    this.dir = dir;
    this.python = python;
    this.log = log;
  }

  /** The project's peer folder: {@code -Dhdc.home} (set by ./hdc) or the working directory, then {@link #PEERS_DIR}. */
  public static Path defaultDir() {
    return Path.of(System.getProperty("hdc.home", ".")).resolve(PEERS_DIR);
  }

  /**
   * Installs (when missing) the Debian packages {@code packages}, each given as {@code package:module} (the module the
   * check imports).
   */
  public void ensure(List<String> packages) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", dir.resolve(ENSURE_SCRIPT).toString(), python));
    command.addAll(packages);
    List<String> out = run(command);
    out.forEach(log);
  }

  /** Runs {@code script} of the peer folder with {@code args}; its standard output, line by line. */
  public List<String> script(String script, List<String> args) throws IOException {
    Path file = dir.resolve(script);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("peer script not found: " + file);
    }
    List<String> command = new ArrayList<>(List.of(python, file.toString()));
    command.addAll(args);
    return run(command);
  }

  private List<String> run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    Thread errors = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        r.lines().forEach(log);
      } catch (IOException e) {
        log.accept("could not read the peer's standard error: " + e.getMessage());
      }
    });
    List<String> lines;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      lines = r.lines().toList();
    }
    try {
      int rc = p.waitFor();
      errors.join();
      if (rc != 0) {
        throw new IOException("peer command failed (exit " + rc + "): " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the peer ran: " + String.join(" ", command), e);
    }
    return lines;
  }

  /** The value of {@code key=} in a line of space-separated {@code key=value} words. */
  public static String field(String line, String key) {
    for (String word : line.trim().split("\\s+")) {
      if (word.startsWith(key + "=")) {
        return word.substring(key.length() + 1);
      }
    }
    throw new IllegalArgumentException("no " + key + "= in the peer's line: " + line);
  }

  /** The last line of {@code lines} that starts with {@code prefix}. */
  public static String lastLine(List<String> lines, String prefix) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(prefix)) {
        return lines.get(i);
      }
    }
    throw new IllegalStateException("the peer printed no line starting with '" + prefix + "'; it printed: " + lines);
  }
}
