package com.hdcsearch.cli;

import com.hdcsearch.dlq.DeadLetterEntry;
import com.hdcsearch.dlq.DeadLetterLog;
import com.hdcsearch.kafka.KafkaClients;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hdc dlq inspect}: one line per dead letter (time, reason, key, size, where, message), then counts. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Print dead letters: time, reason, key, payload size, dlq partition@offset, message.")
public final class DlqInspectCommand implements Callable<Integer> {
  /** Messages can carry a whole exception chain: a line stays readable. */
  private static final int MESSAGE_CHARS = 200;

  @Spec CommandSpec spec;
  @Mixin DlqCommand.Selection selection = new DlqCommand.Selection();
  @Mixin KafkaOptions kafka;

  @Option(names = "--full", description = "Print whole messages, not their first " + MESSAGE_CHARS + " characters.")
  boolean full;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    KafkaClients clients = kafka.clients(); // outside the try: a wrong setting is a usage error
    List<DeadLetterEntry> entries;
    try {
      entries = new DeadLetterLog(clients, DeadLetterLog.DEFAULT_TIMEOUT).read(selection.filter());
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("hdc dlq inspect: " + e.getMessage());
      return 2;
    }
    Map<String, Integer> byReason = new TreeMap<>();
    for (DeadLetterEntry e : entries) {
      byReason.merge(e.reason(), 1, Integer::sum);
      String message = e.letter() == null ? e.problem() : e.letter().getMessage();
      if (!full && message != null && message.length() > MESSAGE_CHARS) {
        message = message.substring(0, MESSAGE_CHARS) + "...";
      }
      out.printf("%s  %-18s key=%s  bytes=%d  dlq=%d@%d  %s%n", e.time(), e.reason(), printable(e.key()),
          e.payloadBytes(), e.partition(), e.offset(), printable(message));
    }
    out.printf("dead letters: %d %s%n", entries.size(), byReason);
    out.flush();
    return 0;
  }

  /** Keys and messages come from producers: escape control characters so they cannot drive the terminal. */
  static String printable(String s) {
    if (s == null) {
      return "(none)";
    }
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : (char) c));
    return b.toString();
  }
}
