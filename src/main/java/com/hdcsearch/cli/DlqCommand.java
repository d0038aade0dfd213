package com.hdcsearch.cli;

import com.hdcsearch.dlq.DeadLetterEntry;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hdc dlq}: look at and replay the dead-letter topic {@code catalog.images.dlq}. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Inspect and replay dead letters (catalog.images.dlq).",
    subcommands = {DlqInspectCommand.class, DlqReplayCommand.class})
public final class DlqCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: inspect or replay");
  }

  /** The options both subcommands share: which dead letters (which broker: {@link KafkaOptions}). */
  static final class Selection {
    @Option(names = "--reason", description = "Only dead letters with this reason code, e.g. BAD_SCHEMA.")
    String reason;

    @Option(names = "--key", description = "Only dead letters of this record key (item id).")
    String key;

    Predicate<DeadLetterEntry> filter() {
      return e -> (reason == null || reason.equalsIgnoreCase(e.reason())) && (key == null || key.equals(e.key()));
    }
  }
}
