package com.hdcsearch.cli;

import com.hdcsearch.kafka.KafkaClientArgs;
import com.hdcsearch.kafka.KafkaClients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which Kafka cluster and how to reach it, for the commands that talk to a broker from outside the service (a
 * picocli mixin): {@code --bootstrap}, and the same client passthrough the service takes from {@code kafka.*}
 * (TLS, SASL, {@code client.id}) as repeatable {@code --kafka KEY=VALUE} entries or a {@code --kafka-config} file.
 */
public final class KafkaOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "Kafka bootstrap servers (default: bootstrap.servers of the settings below, else "
          + KafkaClientArgs.DEFAULT_BOOTSTRAP + ").")
  String bootstrap;

  @Option(names = "--kafka", paramLabel = "KEY=VALUE",
      description = "A Kafka client setting, as Kafka names it (security.protocol=SSL, sasl.mechanism=..., "
          + "client.id=...); repeatable, wins over --kafka-config.")
  List<String> entries = new ArrayList<>();

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "A Kafka client properties file (as Kafka's own tools take with --command-config).")
  Path configFile;

  /**
   * The clients these options describe.
   *
   * @throws ParameterException naming the entry or file that is wrong (picocli prints it with the usage, exit 2)
   */
  public KafkaClients clients() {
    try {
      return KafkaClientArgs.resolve(bootstrap, configFile, entries);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }
}
