package com.hdcsearch.index.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.peers.PythonPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The side-by-side ANN bench on a small set with the real engines: Debian's hnswlib and faiss (installed by the bench
 * when missing) and Lucene, and the choice of the compared effort.
 */
class AnnPeerBenchTest {

  @Test
  void allThreeEnginesSearchTheSameExportedJob(@TempDir Path work) throws Exception {
    float[][] vectors = SyntheticVectors.withDefaults(1_000, 3).load();
    BenchData data = BenchData.split(vectors, 50, 10, 42);
    // Short timed passes: the test checks what is measured, not how fast.
    BenchSettings settings = new BenchSettings(10, List.of(10, 100), 2, AnnPeerBench.settings(10, List.of(10), 2,
        HnswConfig.defaults()).variants(), HnswConfig.defaults().withMergeWorkers(2), 0.05);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PythonPeer peer = new PythonPeer(Path.of(PythonPeer.PEERS_DIR), PythonPeer.DEFAULT_PYTHON, line -> {});
    List<PeerRow> rows = new AnnPeerBench(settings, peer, out, line -> {}).run("synthetic", "test", data, work);

    for (String engine : List.of("hnswlib", "faiss", "lucene-none", "lucene-int7", "lucene-int4",
        "lucene-int2", "lucene-int1")) {
      List<PeerRow> mine = rows.stream().filter(r -> r.engine().equals(engine)).toList();
      assertEquals(2, mine.size(), engine + ": one row per effort");
      PeerRow high = mine.get(1);
      assertEquals(100, high.effort());
      assertTrue(high.recall() >= 0.9, engine + " recall@10 at 100 candidates: " + high.recall());
      assertTrue(high.recall() >= mine.get(0).recall() - 0.02, engine + ": more effort, no less recall");
      assertTrue(high.qps() > 0 && high.cpuQps() > 0 && high.buildSeconds() > 0, engine + ": " + high);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    String last = text.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.matches("ann-peer set=synthetic lucene_qps=\\d+ hnswlib_qps=\\d+ faiss_qps=\\d+"
        + " ratio_hnswlib=[\\d.]+ recall=[\\d.]+ .*"), last);
  }

  @Test
  void comparesAtTheLeastEffortThatReachesTheTarget() {
    List<PeerRow> rows = List.of(
        new PeerRow("hnswlib", 10, 0.90, 900, 800, 2.0), new PeerRow("hnswlib", 20, 0.96, 600, 500, 2.0),
        new PeerRow("hnswlib", 50, 0.99, 700, 300, 2.0),
        new PeerRow("lucene-none", 10, 0.95, 450, 400, 3.0), new PeerRow("lucene-none", 20, 0.97, 300, 250, 3.0),
        new PeerRow("faiss", 10, 0.80, 100, 100, 4.0));
    assertEquals(20, AnnPeerBench.atTarget(rows, "hnswlib").orElseThrow().effort(),
        "the least effort at recall 0.95, even when a noisy higher effort measured faster");
    assertTrue(AnnPeerBench.atTarget(rows, "faiss").isEmpty());
    String line = AnnPeerBench.summaryLine("s", rows);
    assertTrue(line.startsWith("ann-peer set=s lucene_qps=450 hnswlib_qps=600 faiss_qps=0 ratio_hnswlib=0.75"
        + " recall=0.950 "), line);
    assertTrue(line.contains("build_ratio=1.50") && line.contains("cpu_ratio_hnswlib=0.80"), line);
  }
}
