package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.index.bench.FvecsReader;
import com.hdcsearch.index.bench.FvecsWriter;
import com.hdcsearch.index.bench.SyntheticVectors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  void benchesTheRealEmbeddingsOfACatalog() {
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))
        || Files.isDirectory(DataRoots.fromEnvironment().root("fashion-mnist")), "Fashion-MNIST not installed");
    Run r = run("--dataset", "fashion-mnist", "--count", "1100", "--queries", "100", "--candidates", "10,100",
        "--variants", "none", "--threads", "1");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("vectors: REAL embeddings of the first 1100 images of fashion-mnist/train by the"
        + " untrained built-in network"), r.out());
    assertTrue(r.out().contains("base=1000 queries=100 dim=192"), r.out());
    Matcher m = Pattern.compile("index variant=none recall@10=([0-9.]+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    // 100 candidates over 1,000 vectors: HNSW must find nearly all of the exact top 10.
    assertTrue(Double.parseDouble(m.group(1)) > 0.95, r.out());
  }

  @Test
  void unknownDatasetAndTwoSourcesAreErrors() throws Exception {
    Run both = run("--vectors", smallFile().toString(), "--dataset", "fashion-mnist");
    assertEquals(CommandLine.ExitCode.USAGE, both.exit());
    assertTrue(both.err().contains("--vectors and --dataset are exclusive"), both.err());
    Run unknown = run("--dataset", "no-such-set", "--count", "10", "--queries", "2");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("no-such-set"), unknown.err());
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
    assertTrue(v.err().contains("--variants must each be one of [none, int7, int4, int2, int1], got: int3"), v.err());
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
