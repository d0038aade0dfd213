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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hdc trunk fetch mobilenet-v2|inception-v3}: runs {@value #SCRIPT} of the installation, which downloads
 * nsfwjs@4.4.0 with npm and converts its Keras model into a TorchScript trunk with the project's converter (Python and
 * Debian's python3-torch at set-up only), and passes its output and exit code through.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = "Build a pretrained TorchScript trunk from npm's nsfwjs@4.4.0 (default file: "
        + "$HDC_DATA_ROOT/trunks/NAME.pt, else ./data/trunks/NAME.pt).")
public final class TrunkFetchCommand implements Callable<Integer> {
  /** The build script, relative to the installation root. */
  public static final String SCRIPT = "src/main/scripts/fetch-trunk.sh";
  static final List<String> TRUNKS = List.of("mobilenet-v2", "inception-v3");

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "mobilenet-v2 (stages block_5_add, block_12_add, "
      + "out_relu) or inception-v3 (mixed2, mixed7, mixed10; inputs of 75 px or more).")
  String name;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the trunk.")
  Path out;

  @Option(names = "--outputs", paramLabel = "A,B,C", description = "Other stage layers, shallow to deep.")
  String outputs;

  @Option(names = "--bn-momentum", paramLabel = "M",
      description = "PyTorch BatchNorm momentum of the trunk (default 0.1; Keras' own is 0.001 in PyTorch terms).")
  Double bnMomentum;

  @Option(names = "--force", description = "Rebuild even if the file exists.")
  boolean force;

  public TrunkFetchCommand() {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!TRUNKS.contains(name)) {
      throw new ParameterException(spec.commandLine(), "unknown trunk '" + name + "': only "
          + String.join(", ", TRUNKS));
    }
    Path script = Path.of(System.getProperty(DatasetsFetchCommand.HOME_PROPERTY, ".")).resolve(SCRIPT);
    if (!Files.isRegularFile(script)) {
      spec.commandLine().getErr().println("trunk script not found at " + script.toAbsolutePath().normalize()
          + "; run hdc from its installation or set -D" + DatasetsFetchCommand.HOME_PROPERTY
          + "=<installation root>");
      return DatasetsCommand.EXIT_FAILED;
    }
    List<String> command = new ArrayList<>(List.of("bash", script.toString(), name));
    if (out != null) {
      command.addAll(List.of("--out", out.toString()));
    }
    if (outputs != null) {
      command.addAll(List.of("--outputs", outputs));
    }
    if (bnMomentum != null) {
      command.addAll(List.of("--bn-momentum", bnMomentum.toString()));
    }
    if (force) {
      command.add("--force");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        stdout.println(line);
        stdout.flush();
      }
    }
    return process.waitFor();
  }
}
