package com.hdcsearch.stream;

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
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A live model swap on a real broker: searches go on, never mix versions, and nothing accepted is lost. */
class ModelSwapperTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int ITEMS = 150;

  @TempDir Path tmp;
  private PipelineHarness kafka;
  private final List<TestImages.Item> items = TestImages.fashionMnist(ITEMS + 20);

  @BeforeEach
  void startBroker() throws Exception {
    kafka = new PipelineHarness(Files.createTempDirectory("hdc-swap-kafka"));
  }

  @AfterEach
  void stopBroker() {
    kafka.close();
  }

  @Test
  void swapBuildsTheNewIndexWhileTheOldServesThenSwitchesAtomically() throws Exception {
    // Two real versions of the built-in network (different seeds, so different vectors).
    CascadeEmbedder v1 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 1);
    CascadeEmbedder v2 = EmbedderLoader.untrained(TestCheckpoints.SPEC, 2);
    try (var run = kafka.start(v1, tmp.resolve("v1"), tmp.resolve("state"), "swap-" + UUID.randomUUID())) {
      for (int i = 0; i < ITEMS; i++) {
        kafka.send("s-" + i, TestImages.catalogImage("s-" + i, items.get(i).label(), items.get(i).png()));
      }
      kafka.producer.flush();
      PipelineHarness.await(TIMEOUT, () -> run.index().size() >= ITEMS, "catalog indexed with v1");
      VectorIndex old = run.index();

      // Searches run throughout; each must see one version only, with a full answer.
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> searchFailure = new AtomicReference<>();
      AtomicInteger searches = new AtomicInteger();
      Thread searcher = new Thread(() -> {
        while (!stop.get()) {
          try (ServingIndex.Lease lease = run.serving.acquire()) {
            VectorIndex index = lease.index();
            float[] q = index.get("s-1").orElseThrow().vector();
            List<SearchHit> hits = index.search(q, 5, "s-1");
            if (hits.size() != 5) {
              throw new AssertionError("short answer on " + index.modelVersion() + ": " + hits);
            }
            if (!run.model.embedderFor(index.modelVersion()).modelVersion().equals(index.modelVersion())) {
              throw new AssertionError("query model differs from index model");
            }
            searches.incrementAndGet();
          } catch (Throwable t) {
            searchFailure.compareAndSet(null, t);
            return;
          }
        }
      });
      searcher.start();

      Thread swap = new Thread(() -> {
        try {
          new ModelSwapper(run.model, run.serving, run.pipeline)
              .swapTo(v2, FSDirectory.open(tmp.resolve("v2")), HnswConfig.defaults(), TIMEOUT);
        } catch (Exception e) {
          searchFailure.compareAndSet(null, e);
        }
      });
      swap.start();
      // Changes during the swap: new items and a delete must all reach the new index.
      for (int i = ITEMS; i < ITEMS + 20; i++) {
        kafka.send("s-" + i, TestImages.catalogImage("s-" + i, items.get(i).label(), items.get(i).png()));
      }
      kafka.send("s-3", null);
      kafka.producer.flush();
      swap.join(TIMEOUT.toMillis());
      stop.set(true);
      searcher.join();
      if (searchFailure.get() != null) {
        throw new AssertionError("during the swap", searchFailure.get());
      }
      assertTrue(searches.get() > 10, "searches during the swap: " + searches.get());

      assertEquals("untrained-2", run.index().modelVersion());
      PipelineHarness.await(TIMEOUT, () -> run.index().get("s-" + (ITEMS + 19)).isPresent()
          && run.index().get("s-3").isEmpty(), "changes made during the swap are in the new index");
      PipelineHarness.await(TIMEOUT, () -> run.index().size() == ITEMS + 20 - 1, "every item once");
      assertEquals("untrained-2", run.index().get("s-0").orElseThrow().modelVersion());
      assertThrows(AlreadyClosedException.class, old::size, "the old index is closed");
      assertTrue(v1.isClosed(), "the old model is retired");
      IllegalStateException retired = assertThrows(IllegalStateException.class,
          () -> v1.embed(List.of(ImageIO.read(new ByteArrayInputStream(items.get(0).png())))));
      assertTrue(retired.getMessage().contains("model untrained-1 is closed"), retired.getMessage());
      assertFalse(v2.isClosed());
      assertEquals(v2, run.model.embedderFor("untrained-2"));
    } finally {
      v2.close();
    }
  }
}
