package com.hdcsearch.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.SearchHit;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.stream.PipelineHarness;
import com.hdcsearch.stream.TestCheckpoints;
import com.hdcsearch.stream.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live model swaps on a real broker, real Lucene and real networks: searches go on and never mix versions, changes
 * made during the swap reach both indexes, and a failure at any step leaves the old version serving with nothing
 * leaked.
 */
class ModelSwapTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int ITEMS = 150;
  private static final int DURING = 20;

  @TempDir Path tmp;
  private PipelineHarness kafka;
  private final List<TestImages.Item> items = TestImages.fashionMnist(ITEMS + 2 * DURING);

  @BeforeEach
  void startBroker() throws Exception {
    kafka = new PipelineHarness(Files.createTempDirectory("hdc-swap-kafka"));
  }

  @AfterEach
  void stopBroker() {
    kafka.close();
  }

  private void send(int from, int to) {
    for (int i = from; i < to; i++) {
      kafka.send("s-" + i, TestImages.catalogImage("s-" + i, items.get(i).label(), items.get(i).png()));
    }
    kafka.producer.flush();
  }

  private ModelSwap swapOf(PipelineHarness.Running run, ModelSwap.Faults faults) {
    return swapOf(run, faults, ModelSwap.BeforeSwitch.NONE);
  }

  private ModelSwap swapOf(PipelineHarness.Running run, ModelSwap.Faults faults, ModelSwap.BeforeSwitch before) {
    return new ModelSwap(run.model, run.serving, run.pipeline, tmp.resolve("index"), HnswConfig.defaults(), faults,
        before);
  }

  @Test
  void swapBuildsTheNewIndexWhileTheOldServesThenSwitchesAtomically() throws Exception {
    // Two real versions of the built-in network (different seeds, so different vectors).
    CascadeEmbedder v1 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
    CascadeEmbedder v2 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 2);
    try (var run = kafka.start(v1, tmp.resolve("index").resolve(v1.modelVersion()), tmp.resolve("state"),
        "swap-" + UUID.randomUUID())) {
      send(0, ITEMS);
      PipelineHarness.await(TIMEOUT, () -> run.index().size() >= ITEMS, "catalog indexed with v1");
      VectorIndex old = run.index();

      // Searches run throughout; each must see one version only, with a full answer.
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger searches = new AtomicInteger();
      AtomicInteger onNew = new AtomicInteger();
      Thread searcher = new Thread(() -> {
        while (!stop.get()) {
          try (ServingIndex.Lease lease = run.serving.acquire()) {
            VectorIndex index = lease.index();
            float[] q = index.get("s-1").orElseThrow().vector();
            List<SearchHit> hits = index.search(q, 5, "s-1");
            if (hits.size() != 5) {
              throw new AssertionError("short answer on " + index.modelVersion() + ": " + hits);
            }
            for (SearchHit h : hits) {
              String version = index.get(h.itemId()).orElseThrow().modelVersion();
              if (!version.equals(index.modelVersion())) {
                throw new AssertionError("a " + version + " vector in the index of " + index.modelVersion());
              }
            }
            run.model.embedderFor(index.modelVersion());
            searches.incrementAndGet();
            if (index.modelVersion().equals("untrained-2")) {
              onNew.incrementAndGet();
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
            return;
          }
        }
      });
      searcher.start();

      AtomicReference<ModelSwap.Result> result = new AtomicReference<>();
      // What serves is recorded on disk (for a restart's early lookups) only once the incoming index is committed
      // complete, and before the switch.
      AtomicReference<String> beforeSwitch = new AtomicReference<>("not called");
      ModelSwap swap = swapOf(run, step -> {
        if (step == SwapStep.AWAIT_COMPLETE) {
          // Changes while the catalog is re-embedded: new items and a delete must reach both indexes.
          send(ITEMS, ITEMS + DURING);
          kafka.send("s-3", null);
          kafka.producer.flush();
        }
      }, committed -> {
        try (var dir = FSDirectory.open(tmp.resolve("index").resolve("untrained-2"))) {
          beforeSwitch.set("serving " + run.index().modelVersion() + ", committed "
              + VectorIndex.committedBinding(dir).equals(Optional.of(
                  new VectorIndex.CommittedBinding("untrained-2", committed.indexId())))
              + ", missing " + committed.missingOf(old, 3));
        }
      });
      Thread swapper = new Thread(() -> {
        try {
          result.set(swap.run(v2, TIMEOUT));
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      });
      swapper.start();
      // Items produced during the swap are searchable at once in the serving (old) version.
      PipelineHarness.await(TIMEOUT, () -> swap.step() != null && swap.step().compareTo(SwapStep.AWAIT_COMPLETE) >= 0,
          "the swap re-embeds");
      PipelineHarness.await(TIMEOUT, () -> run.index().get("s-" + (ITEMS + DURING - 1)).isPresent()
          || failure.get() != null, "a new item searchable during the swap");
      swapper.join(TIMEOUT.toMillis());
      // The searcher goes on until it has searched the new version (a fixed 200 ms was not enough at load 12).
      PipelineHarness.await(TIMEOUT, () -> onNew.get() > 0 || failure.get() != null, "a search on the new version");
      stop.set(true);
      searcher.join();
      if (failure.get() != null) {
        throw new AssertionError("during the swap", failure.get());
      }
      assertTrue(searches.get() > 10, "searches during the swap: " + searches.get());
      assertTrue(onNew.get() > 0, "searches on the new version after the switch");
      assertEquals("serving untrained-1, committed true, missing []", beforeSwitch.get());
      assertEquals("untrained-1", result.get().from());
      assertEquals("untrained-2", result.get().to());

      assertEquals("untrained-2", run.index().modelVersion());
      PipelineHarness.await(TIMEOUT, () -> run.index().get("s-" + (ITEMS + DURING - 1)).isPresent()
          && run.index().get("s-3").isEmpty(), "changes made during the swap are in the new index");
      PipelineHarness.await(TIMEOUT, () -> run.index().size() == ITEMS + DURING - 1, "every item once");
      assertEquals("untrained-2", run.index().get("s-0").orElseThrow().modelVersion());
      assertTrue(run.metrics.backfilled() >= ITEMS - 1, "catalog back-filled: " + run.metrics.backfilled());
      assertThrows(AlreadyClosedException.class, old::size, "the old index is closed");
      PipelineHarness.await(TIMEOUT, v1::isClosed, "the old model is retired");
      assertFalse(Files.exists(tmp.resolve("index").resolve("untrained-1")), "the old index directory is deleted");
      assertFalse(v2.isClosed());
      assertEquals(v2, run.model.embedderFor("untrained-2"));
      assertTrue(run.model.incoming().isEmpty());

      // After the swap, ingest writes the new version only.
      send(ITEMS + DURING, ITEMS + 2 * DURING);
      PipelineHarness.await(TIMEOUT, () -> run.index().get("s-" + (ITEMS + 2 * DURING - 1)).isPresent(),
          "new items after the swap");
      // Their produce-to-searchable latency counts under the new version (the back-fill's did not).
      PipelineHarness.await(TIMEOUT, () -> run.metrics.searchableRecorded("untrained-2") >= DURING,
          "produce-to-searchable measured on the new serving index");
    } finally {
      v2.close();
    }
  }

  @Test
  void aPausedUpdaterAppliesNothingWhileAnotherIndexOfTheSameTopicCatchesUpThenResumes() throws Exception {
    // What makes a swap's final completeness check hold at the switch: the serving index gains nothing while held.
    CascadeEmbedder v1 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
    try (var run = kafka.start(v1, tmp.resolve("index").resolve(v1.modelVersion()), tmp.resolve("state"),
        "swap-pause-" + UUID.randomUUID())) {
      send(0, 10);
      PipelineHarness.await(TIMEOUT, () -> run.index().size() == 10, "first items indexed");
      try (var otherDir = FSDirectory.open(tmp.resolve("other"));
          VectorIndex other = VectorIndex.open(otherDir, v1.modelVersion(), v1.dimension(), HnswConfig.defaults())) {
        var otherUpdater = run.pipeline.newUpdater(other, false);
        otherUpdater.start();
        try {
          try (var held = run.pipeline.pauseUpdater()) {
            send(10, 25);
            // Another updater of the same topic sees the new items, so they are there to apply.
            PipelineHarness.await(TIMEOUT, () -> other.size() == 25, "the other index has every item");
            run.index().refresh();
            assertEquals(10, run.index().size(), "the paused index gained items");
            assertEquals(15, run.index().missingOf(other, 20).size(), "items the paused index lacks");
          }
          PipelineHarness.await(TIMEOUT, () -> run.index().size() == 25, "the updater applies again once released");
          assertEquals(List.of(), run.index().missingOf(other, 5));
        } finally {
          otherUpdater.close();
        }
      }
    }
  }

  @Test
  void aFailureAtAnyStepLeavesTheOldVersionServingAndRemovesWhatWasBuilt() throws Exception {
    CascadeEmbedder v1 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
    try (var run = kafka.start(v1, tmp.resolve("index").resolve(v1.modelVersion()), tmp.resolve("state"),
        "swap-fail-" + UUID.randomUUID())) {
      send(0, 40);
      PipelineHarness.await(TIMEOUT, () -> run.index().size() >= 40, "catalog indexed with v1");
      VectorIndex serving = run.index();
      int next = 40;
      AtomicInteger recorded = new AtomicInteger();
      for (SwapStep failAt : SwapStep.values()) {
        CascadeEmbedder candidate = EmbedderLoader.untrained(TestCheckpoints.SPEC, 100 + failAt.ordinal());
        ModelSwap swap = swapOf(run, step -> {
          if (step == failAt) {
            throw new IllegalStateException("injected at " + step);
          }
        }, committed -> recorded.incrementAndGet());
        SwapFailedException e = assertThrows(SwapFailedException.class, () -> swap.run(candidate, TIMEOUT));
        assertEquals(failAt, e.step(), e.getMessage());
        assertTrue(e.getMessage().contains("injected at " + failAt), e.getMessage());
        assertTrue(candidate.isClosed(), "the aborted model is closed after a failure at " + failAt);
        assertTrue(run.model.incoming().isEmpty(), "ingest back on one model after " + failAt);
        assertFalse(Files.exists(tmp.resolve("index").resolve(candidate.modelVersion())),
            "the aborted index directory is gone after " + failAt);
        assertEquals(serving, run.index(), "the old index still serves after " + failAt);
        assertThrows(IllegalStateException.class, () -> run.model.embedderFor(candidate.modelVersion()));
        // And it still gets new items.
        send(next, next + 1);
        int id = next;
        PipelineHarness.await(TIMEOUT, () -> run.index().get("s-" + id).isPresent(),
            "ingest continues after a failure at " + failAt);
        next++;
      }
      assertEquals("untrained-1", run.index().modelVersion());
      assertFalse(v1.isClosed());
      assertEquals(0, recorded.get(), "no swap that failed recorded its version as serving");
      // A record that cannot be written abandons the swap like any step before the switch.
      CascadeEmbedder unrecorded = EmbedderLoader.untrained(TestCheckpoints.SPEC, 99);
      ModelSwap swap = swapOf(run, ModelSwap.Faults.NONE, committed -> {
        throw new java.io.IOException("disk full");
      });
      SwapFailedException e = assertThrows(SwapFailedException.class, () -> swap.run(unrecorded, TIMEOUT));
      assertEquals(SwapStep.SWITCH, e.step(), e.getMessage());
      assertEquals(serving, run.index(), "the old index still serves");
      assertFalse(Files.exists(tmp.resolve("index").resolve(unrecorded.modelVersion())));
    }
  }

  @Test
  void aSwapThatCannotCompleteTimesOutAndIsUndone() throws Exception {
    CascadeEmbedder v1 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
    CascadeEmbedder v3 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 3);
    try (var run = kafka.start(v1, tmp.resolve("index").resolve(v1.modelVersion()), tmp.resolve("state"),
        "swap-timeout-" + UUID.randomUUID())) {
      send(0, 20);
      PipelineHarness.await(TIMEOUT, () -> run.index().size() >= 20, "catalog indexed with v1");
      // Closing the incoming model as soon as ingest uses it: it never embeds, so its index never completes.
      ModelSwap swap = swapOf(run, step -> {
        if (step == SwapStep.AWAIT_COMPLETE) {
          v3.close();
        }
      });
      SwapFailedException e = assertThrows(SwapFailedException.class, () -> swap.run(v3, Duration.ofSeconds(3)));
      assertEquals(SwapStep.AWAIT_COMPLETE, e.step());
      assertTrue(e.getMessage().contains("did not catch up"), e.getMessage());
      assertEquals("untrained-1", run.index().modelVersion());
      assertTrue(run.model.incoming().isEmpty());
    }
  }
}
