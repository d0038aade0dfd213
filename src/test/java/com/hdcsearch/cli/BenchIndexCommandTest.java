package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.index.bench.FvecsReader;
import com.hdcsearch.index.bench.FvecsWriter;
import com.hdcsearch.index.bench.SyntheticVectors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchIndexCommandTest {
  @TempDir Path dir;

  /** Exit code, stdout and stderr of one run. */
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchIndexCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path smallFile() throws Exception {
    Path file = dir.resolve("small.fvecs");
    FvecsWriter.writeFvecs(file, new SyntheticVectors(600, 16, new int[] {6, 6}, 0.1, 11).load());
    return file;
  }

  @Test
  void benchesAFileAndPrintsTablesSummariesAndExports() throws Exception {
    Path export = dir.resolve("export");
    Run r = run("--vectors", smallFile().toString(), "--queries", "50", "--candidates", "10,40",
        "--variants", "none,int7", "--threads", "2", "--export", export.toString());

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("vectors: vectors from " + dir.resolve("small.fvecs")), r.out());
    assertTrue(r.out().contains("| variant | candidates | recall@10 | qps 1 thread | qps 2 threads |"), r.out());
    assertTrue(r.out().contains("| none | 40 |") && r.out().contains("| int7 | 10 |"), r.out());
    assertTrue(r.out().contains("index variant=none recall@10="), r.out());
    assertTrue(r.out().contains("index variant=int7 recall@10="), r.out());
    assertTrue(r.out().contains("candidates=40"), "summary at the sweep entry nearest 100: " + r.out());
    assertEquals(550, FvecsReader.readFvecs(export.resolve("base.fvecs")).length);
    int[][] truth = FvecsReader.readIvecs(export.resolve("groundtruth.ivecs"));
    assertEquals(50, truth.length);
    assertEquals(10, truth[0].length);
    assertTrue(Arrays.stream(truth).flatMapToInt(Arrays::stream).allMatch(id -> id >= 0 && id < 550));
  }

  @Test
  void missingFileIsAUsageErrorNamingTheFile() {
    Path missing = dir.resolve("nope.fvecs");
    Run r = run("--vectors", missing.toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.exit());
    assertTrue(r.err().contains("--vectors file not found: " + missing), r.err());
  }

  @Test
  void badNumbersAreUsageErrorsWithTheValue() throws Exception {
    Run k = run("--vectors", smallFile().toString(), "--k", "0");
    assertEquals(CommandLine.ExitCode.USAGE, k.exit());
    assertTrue(k.err().contains("--k must be at least 1, got: 0"), k.err());
    Run c = run("--vectors", smallFile().toString(), "--k", "20", "--candidates", "10,50");
    assertNotEquals(0, c.exit());
    assertTrue(c.err().contains("--candidates must each be at least --k 20, got: 10"), c.err());
    Run v = run("--vectors", smallFile().toString(), "--variants", "none,int3");
    assertEquals(CommandLine.ExitCode.USAGE, v.exit());
    assertTrue(v.err().contains("--variants must each be one of [none, int7, int4], got: int3"), v.err());
    Run q = run("--vectors", smallFile().toString(), "--queries", "595");
    assertEquals(1, q.exit());
    assertTrue(q.err().contains("queryCount 595 leaves fewer than k=10 of the 600 vectors"), q.err());
  }

  @Test
  void truncatedFileFailsNamingFileAndVector() throws Exception {
    Path file = smallFile();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
    Run r = run("--vectors", file.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains(file + ": truncated at vector 599 (0-based)"), r.err());
  }
}
