package com.hdcsearch.online.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOnlineCommandTest {
  @Test
  void aBadProtocolIsAUsageErrorNamingTheValue() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchOnlineCommand());
    cli.setErr(new PrintWriter(err));

    int rc = cli.execute("--protocol", "valdation", "--minutes", "0.01");

    assertEquals(CommandLine.ExitCode.USAGE, rc, err.toString());
    assertTrue(err.toString().contains("--protocol: protocol must be all, validation or test, got: valdation"),
        err.toString());
    assertTrue(err.toString().contains("Usage: online"), "the usage follows the message: " + err);
  }
}
