package com.hdcsearch.index.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.Quantization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBenchTest {
  private static final int K = 10;
  private static final List<Integer> SWEEP = List.of(10, 20, 50, 100, 400);

  @TempDir Path scratch;

  @Test
  void recallIsHighAtHighEffortAndRisesWithEffort() throws Exception {
    long seed = BenchSeeds.seed("indexBenchRecall");
    float[][] vectors = new SyntheticVectors(2_000, 64, new int[] {10, 10}, 0.1, seed).load();
    BenchData data = BenchData.split(vectors, 200, K, seed);
    List<String> log = new ArrayList<>();
    BenchSettings settings = new BenchSettings(
        K, SWEEP, 2, List.of(Quantization.NONE, Quantization.INT7), HnswConfig.defaults(), 0);

    List<VariantResult> results = new IndexBench(settings, log::add).run(data, scratch);

    assertEquals(2, results.size());
    VariantResult none = results.get(0);
    assertEquals(Quantization.NONE, none.quantization());
    assertEquals(1_800, none.vectors());
    assertTrue(none.at(400).recall() >= 0.95, "recall@10 at 400 candidates: " + none.at(400).recall());
    for (VariantResult r : results) {
      for (int i = 1; i < r.efforts().size(); i++) {
        EffortResult lower = r.efforts().get(i - 1);
        EffortResult higher = r.efforts().get(i);
        assertTrue(higher.recall() >= lower.recall(),
            r.name() + ": recall fell from " + lower + " to " + higher);
      }
      for (EffortResult e : r.efforts()) {
        assertTrue(e.qpsOneThread() > 0 && e.qpsAllThreads() > 0, e.toString());
        assertTrue(e.p50Millis() > 0 && e.p50Millis() <= e.p99Millis(), e.toString());
      }
      assertTrue(r.buildSeconds() > 0, "build time " + r.buildSeconds());
      // Every variant keeps the raw floats on disk (quantized ones add their codes).
      assertTrue(r.bytesPerVector() >= r.rawFloatBytesPerVector(), r.name() + ": " + r.bytesPerVector());
    }
    VariantResult int7 = results.get(1);
    assertTrue(int7.searchBytesPerVector() < none.searchBytesPerVector(),
        "int7 codes are smaller than floats: " + int7.searchBytesPerVector() + " vs " + none.searchBytesPerVector());
    assertTrue(int7.at(400).recall() >= 0.85, "int7 recall@10 at 400 candidates: " + int7.at(400).recall());
    try (Stream<Path> left = Files.list(scratch)) {
      assertEquals(0, left.count(), "index directories are deleted");
    }
    assertTrue(log.stream().anyMatch(l -> l.contains("built in")), log.toString());
  }

  @Test
  void recallCountsOverlapWithTheExactTopK() {
    int[][] truth = {{1, 2, 3}, {4, 5, 6}};
    int[][] found = {{3, 2, 9}, {6}};
    assertEquals(3.0 / 6, IndexBench.recall(found, truth, 3), 1e-12, "2 of 3, then 1 of 3 (a short answer)");
  }
}
