package com.hdcsearch.index.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.Quantization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IndexBenchmarkTest {
  @Test
  void recallRisesWithFanoutAndIsHighAtTheTop() throws Exception {
    float[][] all = SyntheticVectors.clustered(7, 3100, 32, 30);
    float[][] base = Arrays.copyOf(all, 3000);
    float[][] queries = Arrays.copyOfRange(all, 3000, 3100);
    int[][] exact = ExactNeighbours.compute(base, queries, 10);
    IndexBenchmark bench = new IndexBenchmark(base, queries, exact, 10, 0.1, 2);
    IndexBenchmark.Result r = bench.run(HnswConfig.defaults(), new int[] {0, 100});
    double low = r.points().get(0).recall();
    double high = r.points().get(1).recall();
    assertTrue(high >= low && high > 0.95, "recall " + low + " -> " + high);
    assertTrue(r.build().bytesPerVector() > 32 * 4, "raw floats alone take 128 bytes: " + r.build());
    assertTrue(r.points().get(1).qpsOneThread() > 0);
  }

  @Test
  void commandExportsVectorsAndExactNeighbours(@TempDir Path dir) throws Exception {
    int exit = new CommandLine(new BenchIndexCommand()).execute("--count", "500", "--queries", "20", "--dim", "16",
        "--fanouts", "0", "--quantization", "NONE", "--seconds", "0.05", "--export", dir.toString());
    assertEquals(0, exit);
    float[][] base = Vecs.readFvecs(dir.resolve("base.fvecs"), Integer.MAX_VALUE);
    float[][] queries = Vecs.readFvecs(dir.resolve("query.fvecs"), Integer.MAX_VALUE);
    assertEquals(500, base.length);
    assertEquals(20, queries.length);
    assertEquals(16, base[0].length);
    byte[] ivecs = Files.readAllBytes(dir.resolve("groundtruth.ivecs"));
    assertEquals(20 * (1 + 100) * 4, ivecs.length, "20 rows of 100 neighbours");
    // the written base round-trips
    float[][] again = SyntheticVectors.clustered(42, 520, 16, 100);
    assertArrayEquals(SyntheticVectors.normalise(again[3]), base[3], 1e-6f);
    assertTrue(Quantization.values().length == 3);
  }
}
