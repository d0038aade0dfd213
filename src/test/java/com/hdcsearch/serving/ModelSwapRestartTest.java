package com.hdcsearch.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.stream.IndexUpdater;
import com.hdcsearch.stream.PipelineHarness;
import com.hdcsearch.stream.TestCheckpoints;
import com.hdcsearch.stream.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service stopped in the middle of a swap's re-embedding: after the restart the swap resumes where the back-fill
 * stopped (not from scratch), completes, and the new index holds every item exactly once, in the new version only.
 */
class ModelSwapRestartTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int ITEMS = 300;
  /** One batch per task per punctuation: slow enough to stop half-way. */
  private static final Duration SLOW_BACKFILL = Duration.ofMillis(1);

  @TempDir Path tmp;

  @Test
  void aSwapCutShortResumesAndCompletesAfterARestart() throws Exception {
    List<TestImages.Item> items = TestImages.fashionMnist(ITEMS);
    Path indexRoot = tmp.resolve("index");
    Path state = tmp.resolve("state");
    String appId = "swap-restart-" + UUID.randomUUID();
    try (PipelineHarness kafka = new PipelineHarness(Files.createTempDirectory("hdc-swap-restart-kafka"))) {
      int before;
      CascadeEmbedder v1 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
      try (var run = kafka.start(v1, indexRoot.resolve("untrained-1"), state, appId, SLOW_BACKFILL)) {
        for (int i = 0; i < ITEMS; i++) {
          kafka.send("r-" + i, TestImages.catalogImage("r-" + i, items.get(i).label(), items.get(i).png()));
        }
        kafka.producer.flush();
        PipelineHarness.await(TIMEOUT, () -> run.index().size() >= ITEMS, "catalog indexed with v1");
        // The first half of a swap, then the process goes away: no abort, nothing cleaned up.
        CascadeEmbedder v2 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 2);
        VectorIndex incoming = VectorIndex.open(FSDirectory.open(indexRoot.resolve("untrained-2")), "untrained-2",
            v2.dimension(), HnswConfig.defaults());
        IndexUpdater updater = run.pipeline.newUpdater(incoming, false);
        updater.start();
        run.model.beginSwap(v2, incoming.indexId());
        PipelineHarness.await(TIMEOUT, () -> incoming.size() >= ITEMS / 5, "part of the catalog re-embedded");
        run.pipeline.close();
        updater.close();
        before = incoming.size();
        assertTrue(before < ITEMS, "stopped half-way: " + before + " of " + ITEMS);
        incoming.close();
      }

      // The restart: v1 serves, the registry still says v2 should; the swap runs again on the same directories.
      CascadeEmbedder v1Again = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
      try (var run = kafka.start(v1Again, indexRoot.resolve("untrained-1"), state, appId, SLOW_BACKFILL)) {
        assertEquals(ITEMS, run.index().size(), "the serving index came back whole");
        CascadeEmbedder v2Again = EmbedderLoader.untrained(TestCheckpoints.SPEC, 2);
        ModelSwap swap = new ModelSwap(run.model, run.serving, run.pipeline, indexRoot, HnswConfig.defaults(),
            ModelSwap.Faults.NONE);
        ModelSwap.Result result = swap.run(v2Again, TIMEOUT);
        assertEquals("untrained-2", result.to());
        assertEquals(ITEMS, run.index().size(), "every item exactly once");
        for (int i = 0; i < ITEMS; i += 7) {
          assertEquals("untrained-2", run.index().get("r-" + i).orElseThrow().modelVersion());
        }
        double backfilledAfterRestart = run.metrics.backfilled();
        assertTrue(backfilledAfterRestart < ITEMS,
            "resumed, not redone: " + backfilledAfterRestart + " re-embedded after the restart, " + before
                + " were already there");
        assertTrue(backfilledAfterRestart >= ITEMS - before - 2 * PipelineHarness.BATCH_SIZE,
            "the rest was re-embedded: " + backfilledAfterRestart);
      }
    }
  }
}
