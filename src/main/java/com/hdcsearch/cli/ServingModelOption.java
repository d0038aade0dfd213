package com.hdcsearch.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --checkpoint} option of the commands that boot the service (a picocli mixin). */
public final class ServingModelOption {
  @Option(names = "--checkpoint",
      description = "Serve this checkpoint (from hdc train) instead of the untrained built-in network.")
  Path checkpoint;

  /** Hands the choice to {@code ModelSettings}, which Quarkus reads from system properties when it boots. */
  void applyBeforeBoot() {
    if (checkpoint != null) {
      System.setProperty("hdc.model.checkpoint", checkpoint.toAbsolutePath().toString());
    }
  }
}
