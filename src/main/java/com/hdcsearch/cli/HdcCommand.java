package com.hdcsearch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code hdc} command: only dispatches to its subcommands. */
@Command(
    name = "hdc",
    mixinStandardHelpOptions = true,
    version = "hdc 0.1.0",
    description = "Streaming Hard-Aware Deeply Cascaded embedding: learn from Kafka, search with Lucene.",
    subcommands = {DemoCommand.class, ServeCommand.class, ProduceCommand.class, DatasetsCommand.class, TrainCommand.class, EvalCommand.class, BenchCommand.class,
        DlqCommand.class, TrunkCommand.class, ClusterCommand.class})
public final class HdcCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }
}
