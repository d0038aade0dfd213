package com.hdcsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class ServingIndexTest {
  private static final int DIM = 16;

  private static VectorIndex filled(String version, Random random, int n) throws Exception {
    VectorIndex index = VectorIndex.open(new ByteBuffersDirectory(), version, DIM, HnswConfig.defaults());
    for (int i = 0; i < n; i++) {
      index.upsert(version + "-item-" + i, null, version, TestVectors.unit(random, DIM));
    }
    index.refresh();
    return index;
  }

  @Test
  void swapKeepsLeasedIndexOpenUntilReleasedThenClosesIt() throws Exception {
    Random random = new Random(TestVectors.seed("swap"));
    VectorIndex v1 = filled("v1", random, 20);
    VectorIndex v2 = filled("v2", random, 30);
    try (ServingIndex serving = new ServingIndex(v1)) {
      ServingIndex.Lease inFlight = serving.acquire();
      serving.swap(v2).close(); // nothing writes to v1 any more
      // the in-flight search still runs on v1 and sees only v1 items
      List<SearchHit> hits = inFlight.index().search(TestVectors.unit(random, DIM), 5, null);
      assertTrue(hits.stream().allMatch(h -> h.itemId().startsWith("v1-")), hits.toString());
      try (ServingIndex.Lease fresh = serving.acquire()) {
        assertEquals("v2", fresh.index().modelVersion());
        assertEquals(30, fresh.index().size());
      }
      inFlight.close();
      assertThrows(AlreadyClosedException.class, v1::size);
      assertEquals(30, v2.size());
    }
    assertThrows(AlreadyClosedException.class, v2::size);
  }

  @Test
  void aHeldPreviousIndexTakesItsWritersLastWritesThenClosesOnRelease() throws Exception {
    Random random = new Random(TestVectors.seed("swapHolding"));
    VectorIndex v1 = filled("v1", random, 20);
    VectorIndex v2 = filled("v2", random, 30);
    AtomicInteger closed = new AtomicInteger();
    v1.onClose(closed::incrementAndGet);
    try (ServingIndex serving = new ServingIndex(v1)) {
      ServingIndex.Lease previous = serving.swap(v2);
      try (ServingIndex.Lease fresh = serving.acquire()) {
        assertEquals("v2", fresh.index().modelVersion(), "new searches go to the new version at once");
      }
      // No search is on v1, yet its updater may still be writing: before the lease, this write hit a closed writer.
      v1.upsert("v1-late", null, "v1", TestVectors.unit(random, DIM));
      v1.commit(java.util.Map.of("test", "last"));
      assertEquals(0, closed.get());
      previous.close();
      assertEquals(1, closed.get());
      assertThrows(AlreadyClosedException.class, v1::size);
      assertEquals(30, v2.size());
    }
  }

  @Test
  void concurrentSearchesNeverFailOrMixVersionsWhileSwapping() throws Exception {
    Random random = new Random(TestVectors.seed("concurrentSwap"));
    List<VectorIndex> versions = new ArrayList<>();
    for (int v = 0; v < 6; v++) {
      versions.add(filled("v" + v, random, 40));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger searches = new AtomicInteger();
    float[] query = TestVectors.unit(random, DIM);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (ServingIndex serving = new ServingIndex(versions.get(0))) {
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        readers.add(pool.submit(() -> {
          while (!stop.get()) {
            try (ServingIndex.Lease lease = serving.acquire()) {
              String prefix = lease.index().modelVersion() + "-";
              List<SearchHit> hits = lease.index().search(query, 10, null);
              if (hits.size() != 10 || !hits.stream().allMatch(h -> h.itemId().startsWith(prefix))) {
                throw new AssertionError("mixed or short result: " + hits);
              }
              searches.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (int v = 1; v < versions.size(); v++) {
        Thread.sleep(50);
        serving.swap(versions.get(v)).close();
      }
      Thread.sleep(50);
      stop.set(true);
      for (Future<?> f : readers) {
        f.get();
      }
      for (int v = 0; v < versions.size() - 1; v++) {
        VectorIndex retired = versions.get(v);
        assertThrows(AlreadyClosedException.class, retired::size, "retired " + v + " is closed");
      }
      assertTrue(searches.get() > 10, "searches: " + searches.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
