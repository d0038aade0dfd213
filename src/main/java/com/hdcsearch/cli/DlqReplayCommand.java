package com.hdcsearch.cli;

import com.hdcsearch.dlq.DeadLetterEntry;
import com.hdcsearch.dlq.DeadLetterLog;
import com.hdcsearch.dlq.DeadLetterReplayer;
import com.hdcsearch.kafka.KafkaClients;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hdc dlq replay}: sends chosen dead letters' original records to {@code catalog.images} again. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-send the original records of chosen dead letters to catalog.images (after fixing what "
        + "rejected them). Choose with --reason and/or --key, or --all.")
public final class DlqReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DlqCommand.Selection selection = new DlqCommand.Selection();
  @Mixin KafkaOptions kafka;

  @Option(names = "--all", description = "Replay every dead letter (without it, --reason or --key is required).")
  boolean all;

  @Option(names = "--dry-run", description = "Only say what would be replayed.")
  boolean dryRun;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!all && selection.reason == null && selection.key == null) {
      // Replaying everything by accident re-sends every bad record ever seen: make it a choice.
      err.println("hdc dlq replay: choose what to replay with --reason R, --key K, or --all");
      return 2;
    }
    KafkaClients clients = kafka.clients(); // outside the try: a wrong setting is a usage error
    try {
      List<DeadLetterEntry> chosen =
          new DeadLetterLog(clients, DeadLetterLog.DEFAULT_TIMEOUT).read(selection.filter());
      if (dryRun) {
        chosen.forEach(e -> out.printf("would replay dlq=%d@%d key=%s reason=%s bytes=%d%n", e.partition(),
            e.offset(), DlqInspectCommand.printable(e.key()), e.reason(), e.payloadBytes()));
        out.printf("dry run: %d dead letters chosen%n", chosen.size());
        return 0;
      }
      try (DeadLetterReplayer replayer = new DeadLetterReplayer(clients)) {
        DeadLetterReplayer.Result result = replayer.replay(chosen);
        result.skipped().forEach(s -> err.println("skipped " + s));
        out.printf("replayed %d of %d dead letters to catalog.images (%d skipped)%n", result.replayed(),
            chosen.size(), result.skipped().size());
      }
    } catch (RuntimeException e) {
      err.println("hdc dlq replay: " + e.getMessage());
      return 2;
    }
    out.flush();
    return 0;
  }
}
