package com.hdcsearch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hdc cluster}: a real multi-broker Kafka cluster and several service instances on this machine. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "A local cluster: 3 Kafka nodes (separate JVMs, replication 3, min ISR 2) and service instances.",
    subcommands = {ClusterUpCommand.class, ClusterBrokerCommand.class})
public final class ClusterCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: up or broker");
  }
}
