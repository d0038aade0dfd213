package com.hdcsearch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hdc datasets fetch [fashion-mnist|emoji|all]}: runs {@value #SCRIPT} of the installation (system property
 * {@value #HOME_PROPERTY}, else the working directory) and passes its output and exit code through.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = "Download the data sets that can be fetched here (fashion-mnist via apt, emoji via npm).")
public final class DatasetsFetchCommand implements Callable<Integer> {
  /** The fetch script, relative to the installation root. */
  public static final String SCRIPT = "src/main/scripts/fetch-datasets.sh";
  /** System property that the launcher sets to the installation root. */
  public static final String HOME_PROPERTY = "hdc.home";
  static final List<String> TARGETS = List.of("fashion-mnist", "emoji", "all");

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", defaultValue = "all",
      description = "fashion-mnist, emoji or all (default). The paper's sets cannot be fetched here; "
          + "'hdc datasets inspect NAME' says how to get them.")
  String target;

  @Option(names = "--root", paramLabel = "DIR", description = "Base folder of the data sets (default: $HDC_DATA_ROOT or ./data).")
  Path root;

  public DatasetsFetchCommand() {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!TARGETS.contains(target)) {
      throw new ParameterException(spec.commandLine(), "cannot fetch '" + target + "': only " + String.join(", ", TARGETS)
          + " (the paper's sets cub200, cars196, sop, inshop are downloaded by hand; 'hdc datasets inspect NAME' says how)");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path script = Path.of(System.getProperty(HOME_PROPERTY, ".")).resolve(SCRIPT);
    if (!Files.isRegularFile(script)) {
      spec.commandLine().getErr().println("fetch script not found at " + script.toAbsolutePath().normalize()
          + "; run hdc from its installation or set -D" + HOME_PROPERTY + "=<installation root>");
      return DatasetsCommand.EXIT_FAILED;
    }
    List<String> command = new ArrayList<>(List.of("bash", script.toString(), target));
    if (root != null) {
      command.addAll(List.of("--root", root.toString()));
    }
    // One stream, copied line by line, so the script's progress shows as it happens and tests can capture it.
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        out.println(line);
        out.flush();
      }
    }
    return process.waitFor();
  }
}
