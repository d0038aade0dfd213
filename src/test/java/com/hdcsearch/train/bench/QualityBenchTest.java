package com.hdcsearch.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fair protocol end to end, kept short: Fashion-MNIST (real images) on the validation split, 12 images per class,
 * 3 steps, two seeds, a two-point learning-rate grid for every method. The table has one row per configuration (and
 * per embedding size for HDC) with mean ± sd over the seeds and marks the configuration chosen on validation.
 */
class QualityBenchTest {
  private static QualityBench.Options options(Path out, QualityBench.Protocol protocol, TuningGrid grid) {
    return new QualityBench.Options("fashion-mnist", "hdc:cascade,contrastive", 3, new long[] {1, 2}, 32, null, null,
        out, protocol, 0.25, 1f, grid, false, 12);
  }

  @Test
  void validationTableWithSeedsGridAndBothHdcSizes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("q.md");
    QualityBench.run(options(out, QualityBench.Protocol.VALIDATION, new TuningGrid("lr=1e-3|5e-4", Map.of())));
    List<String> rows = Files.readAllLines(out).stream().filter(l -> l.startsWith("| fashion-mnist")).toList();
    // HDC: 2 configurations x (192-d concatenation, 64-d deepest level); contrastive: 2 x 64-d.
    assertEquals(6, rows.size(), String.join("\n", rows));
    assertEquals(2, rows.stream().filter(r -> r.contains("| hdc:cascade | 192-d concat 1:1:1 |")).count());
    assertEquals(2, rows.stream().filter(r -> r.contains("| hdc:cascade | 64-d deepest level |")).count());
    assertEquals(2, rows.stream().filter(r -> r.contains("| contrastive | 64-d |")).count());
    assertTrue(rows.stream().allMatch(r -> r.contains("| validation |") && r.contains(" ± ") && r.contains("| 2 |")),
        String.join("\n", rows));
    // One configuration chosen per method (HDC: its concatenation's rows).
    assertEquals(1, rows.stream().filter(r -> r.contains("contrastive") && r.contains("**chosen**")).count());
    assertEquals(1, rows.stream().filter(r -> r.contains("192-d") && r.contains("**chosen**")).count());
    assertTrue(rows.stream().allMatch(r -> r.contains("headMult 1;")), "one head multiplier for all");
  }

  @Test
  void extraLevelWeightingsScoreTheSameTrainedNetwork(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("w.md");
    QualityBench.Options o = options(out, QualityBench.Protocol.VALIDATION, new TuningGrid(null, Map.of()));
    QualityBench.run(new QualityBench.Options(o.datasets(), "hdc:cascade", o.iterations(), o.seeds(), o.emojiSize(),
        null, null, out, o.protocol(), o.validationShare(), o.headLrMultiplier(), o.grid(), false, o.maxPerClass(),
        List.of(new float[] {1, 2, 3}, new float[] {0, 0, 1})));
    List<String> rows = Files.readAllLines(out).stream().filter(l -> l.startsWith("| fashion-mnist")).toList();
    assertEquals(4, rows.size(), String.join("\n", rows));
    String deepest = cells(rows, "| 64-d deepest level |");
    String plainDeepest = cells(rows, "| 192-d concat 0:0:1 |");
    assertEquals(deepest, plainDeepest, "0:0:1 scores the deepest level: the same figures");
    assertTrue(rows.stream().anyMatch(r -> r.contains("| 192-d concat 1:2:3 |")), String.join("\n", rows));
  }

  /** The figure columns of the row with {@code embedding} (after the description column). */
  private static String cells(List<String> rows, String embedding) {
    String row = rows.stream().filter(r -> r.contains(embedding)).findFirst().orElseThrow();
    String[] c = row.split("\\|");
    return String.join("|", java.util.Arrays.copyOfRange(c, 6, 12));
  }

  @Test
  void testClassesTakeOneConfigurationAndBudgetsMustBeEqual(@TempDir Path dir) {
    var once = assertThrows(IllegalArgumentException.class, () -> QualityBench.run(options(dir.resolve("t.md"),
        QualityBench.Protocol.TEST, new TuningGrid("lr=1e-3|5e-4", Map.of()))));
    assertTrue(once.getMessage().startsWith("the test classes are used once"), once.getMessage());
    var unequal = assertThrows(IllegalArgumentException.class, () -> QualityBench.run(options(dir.resolve("u.md"),
        QualityBench.Protocol.VALIDATION, new TuningGrid(null, Map.of("hdc", "keep=1:1:1|1:0.5:0.2")))));
    assertTrue(unequal.getMessage().startsWith("unequal tuning budget {hdc=2, contrastive=1}"),
        unequal.getMessage());
  }
}
