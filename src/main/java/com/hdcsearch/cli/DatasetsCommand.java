package com.hdcsearch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hdc datasets}: groups {@code inspect} and {@code fetch}; alone it is a usage error. */
@Command(
    name = "datasets",
    mixinStandardHelpOptions = true,
    description = "Inspect and fetch the data sets (fashion-mnist, emoji, cub200, cars196, sop, inshop).",
    subcommands = {DatasetsInspectCommand.class, DatasetsFetchCommand.class})
public final class DatasetsCommand implements Callable<Integer> {
  /** Exit code when a data set's files are missing (the message says how to get them). */
  public static final int EXIT_MISSING_DATA = 2;
  /** Exit code when the files are there but cannot be read, or the fetch failed. */
  public static final int EXIT_FAILED = 1;

  @Spec CommandSpec spec;

  public DatasetsCommand() {}

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: inspect or fetch");
  }
}
