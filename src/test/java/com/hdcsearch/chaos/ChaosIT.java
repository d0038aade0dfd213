package com.hdcsearch.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.process.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The crash campaign's short version: three kill -9s of the packaged service, inside an embedded batch, inside an
 * index commit and in the middle of ingest (the phases a short run reaches for sure; training and swaps need
 * minutes), each followed by the full check against the producer's log of acknowledged records.
 */
@Tag("process")
class ChaosIT {
  @Test
  void threeKillsLoseNothingDuplicateNothingAndServeNothingStale() throws Exception {
    Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-data")), "chaos-");
    ChaosOptions options = new ChaosOptions(3, 11,
        List.of(CrashPhase.EMBED_BATCH, CrashPhase.INDEX_COMMIT, CrashPhase.MID_INGEST), 120, 40,
        Duration.ofSeconds(120), Duration.ofSeconds(180), Duration.ofMillis(200), Map.of(),
        Path.of(System.getProperty(ServiceProcess.JAR_PROPERTY, ServiceProcess.DEFAULT_JAR.toString())), home, false);
    ChaosResult<ChaosResult.Cycle> result = new ChaosBench(options).run();

    assertEquals(3, result.cycles().size());
    for (ChaosResult.Cycle c : result.cycles()) {
      assertTrue(c.hit().hit(), "the kill must land in its phase: " + c.line());
      assertTrue(c.check().live() >= 100, "the catalog is there: " + c.line());
      assertTrue(c.recovery().compareTo(Duration.ZERO) > 0, c.line());
    }
    assertEquals(3, result.cycles().stream().map(ChaosResult.Cycle::phase).distinct().count(),
        "each phase once in three cycles");
    assertEquals(0, result.lost(), result.summaryLine());
    assertEquals(0, result.duplicated(), result.summaryLine());
    assertEquals(0, result.stale(), result.summaryLine());
  }
}
