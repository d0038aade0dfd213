package com.hdcsearch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hdc trunk}: groups {@code fetch}; alone it is a usage error. */
@Command(
    name = "trunk",
    mixinStandardHelpOptions = true,
    description = "Pretrained TorchScript trunks (one output per stage) built from npm's nsfwjs@4.4.0 Keras models.",
    subcommands = {TrunkFetchCommand.class})
public final class TrunkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  public TrunkCommand() {}

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: fetch");
  }
}
