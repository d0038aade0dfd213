package com.hdcsearch.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorIndexTest {
  private static final String V1 = "v1";
  private static final int DIM = 32;

  private static VectorIndex newIndex(Quantization q) throws IOException {
    return VectorIndex.open(new ByteBuffersDirectory(), V1, DIM, HnswConfig.defaults().withQuantization(q));
  }

  @ParameterizedTest
  @EnumSource(Quantization.class)
  void upsertSearchDeleteWithHighRecall(Quantization q) throws Exception {
    Random random = new Random(TestVectors.seed("upsertSearchDelete " + q));
    int n = 1000;
    float[][] vectors = TestVectors.units(random, n, DIM);
    try (VectorIndex index = newIndex(q)) {
      for (int i = 0; i < n; i++) {
        index.upsert("item-" + i, "label-" + (i % 10), V1, vectors[i]);
      }
      index.refresh();
      assertEquals(n, index.size());

      List<SearchHit> self = index.search(vectors[17], 3, null);
      assertEquals("item-17", self.get(0).itemId());
      assertEquals("label-7", self.get(0).label());
      // quantized candidates are re-scored with the full-precision vectors: exact cosine for every variant
      assertEquals(1.0f, self.get(0).score(), 1e-4f);
      assertEquals(TestVectors.dot(vectors[17], index.get(self.get(1).itemId()).orElseThrow().vector()),
          self.get(1).score(), 1e-4f);
      assertTrue(self.get(0).score() >= self.get(1).score() && self.get(1).score() >= self.get(2).score());

      // recall@10 against brute force over 50 random queries
      int found = 0;
      for (int t = 0; t < 50; t++) {
        float[] query = TestVectors.unit(random, DIM);
        Set<String> exact = new HashSet<>();
        IntStream.range(0, n).boxed()
            .sorted(Comparator.comparingDouble(i -> -TestVectors.dot(query, vectors[i])))
            .limit(10).forEach(i -> exact.add("item-" + i));
        for (SearchHit hit : index.search(query, 10, 50, null)) {
          found += exact.contains(hit.itemId()) ? 1 : 0;
        }
      }
      double recall = found / 500.0;
      assertTrue(recall >= (q == Quantization.INT4 ? 0.75 : 0.9), "recall@10 = " + recall + " for " + q);

      index.delete("item-17");
      index.refresh();
      assertEquals(n - 1, index.size());
      assertFalse(index.get("item-17").isPresent());
      assertFalse(index.search(vectors[17], 10, null).stream().anyMatch(h -> h.itemId().equals("item-17")));
    }
  }

  @Test
  void reUpsertKeepsOneDocumentWithTheLatestVector() throws Exception {
    Random random = new Random(TestVectors.seed("reUpsert"));
    try (VectorIndex index = newIndex(Quantization.NONE)) {
      float[] last = null;
      for (int i = 0; i < 5; i++) {
        last = TestVectors.unit(random, DIM);
        index.upsert("a", "label-" + i, V1, last);
        index.upsert("other-" + i, "x", V1, TestVectors.unit(random, DIM));
      }
      index.refresh();
      assertEquals(6, index.size());
      IndexedItem item = index.get("a").orElseThrow();
      assertEquals("label-4", item.label());
      assertEquals(V1, item.modelVersion());
      assertArrayEquals(last, item.vector());
      long copies = index.search(last, 6, null).stream().filter(h -> h.itemId().equals("a")).count();
      assertEquals(1, copies);
    }
  }

  @Test
  void searchExcludesTheItemItself() throws Exception {
    Random random = new Random(TestVectors.seed("exclude"));
    try (VectorIndex index = newIndex(Quantization.NONE)) {
      float[][] vectors = TestVectors.units(random, 50, DIM);
      for (int i = 0; i < vectors.length; i++) {
        index.upsert("item-" + i, null, V1, vectors[i]);
      }
      index.refresh();
      List<SearchHit> hits = index.search(vectors[3], 10, "item-3");
      assertEquals(10, hits.size());
      assertTrue(hits.stream().noneMatch(h -> h.itemId().equals("item-3")));
      assertTrue(hits.get(0).score() < 0.999f, "the nearest other item is not the query itself");
    }
  }

  @Test
  void upsertIsSearchableWithinASecondWithoutExplicitRefresh() throws Exception {
    Random random = new Random(TestVectors.seed("nrt"));
    try (VectorIndex index = newIndex(Quantization.NONE)) {
      for (int round = 0; round < 5; round++) {
        String id = "fresh-" + round;
        long start = System.nanoTime();
        index.upsert(id, null, V1, TestVectors.unit(random, DIM));
        while (index.get(id).isEmpty()) {
          assertTrue(System.nanoTime() - start < 1_000_000_000L, "not searchable within 1 s");
          Thread.sleep(2);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("NRT visibility of " + id + ": " + millis + " ms");
      }
      long seq = index.upsert("awaited", null, V1, TestVectors.unit(random, DIM));
      assertTrue(index.awaitSearchable(seq, 1000));
      assertTrue(index.get("awaited").isPresent());
      RefreshStats stats = index.refreshStats();
      assertTrue(stats.refreshes() >= 6, "refreshes: " + stats);
      assertTrue(stats.maxNanos() > 0 && stats.meanMillis() < 1000, "refresh stats: " + stats);
    }
  }

  @Test
  void vectorsOfAnotherModelVersionAreRejected(@TempDir Path dir) throws Exception {
    Random random = new Random(TestVectors.seed("versions"));
    try (VectorIndex index = VectorIndex.open(FSDirectory.open(dir), V1, DIM, HnswConfig.defaults())) {
      index.upsert("a", null, V1, TestVectors.unit(random, DIM));
      ModelVersionMismatchException e = assertThrows(ModelVersionMismatchException.class,
          () -> index.upsert("b", null, "v2", TestVectors.unit(random, DIM)));
      assertTrue(e.getMessage().contains("'v2'") && e.getMessage().contains("'v1'"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> index.upsert("c", null, V1, new float[DIM - 1]));
      float[] notUnit = TestVectors.unit(random, DIM);
      notUnit[0] += 0.5f;
      assertThrows(IllegalArgumentException.class, () -> index.upsert("c", null, V1, notUnit));
      index.commit(Map.of());
    }
    assertThrows(ModelVersionMismatchException.class,
        () -> VectorIndex.open(FSDirectory.open(dir), "v2", DIM, HnswConfig.defaults()));
  }

  @Test
  void reopenFromDiskHasExactlyTheCommittedItemsAndOffsets(@TempDir Path dir) throws Exception {
    Random random = new Random(TestVectors.seed("reopen"));
    float[][] vectors = TestVectors.units(random, 300, DIM);
    CommitOffsets offsets = new CommitOffsets("catalog.embeddings", new java.util.TreeMap<>(Map.of(0, 120L, 1, 180L)));
    try (VectorIndex index = VectorIndex.open(FSDirectory.open(dir), V1, DIM, HnswConfig.defaults())) {
      for (int i = 0; i < vectors.length; i++) {
        index.upsert("item-" + i, "l" + i, V1, vectors[i]);
      }
      for (int i = 0; i < 10; i++) {
        index.delete("item-" + i);
      }
      index.commit(offsets.toCommitData());
      index.upsert("after-commit", null, V1, TestVectors.unit(random, DIM));
    }
    try (VectorIndex index = VectorIndex.open(FSDirectory.open(dir), V1, DIM, HnswConfig.defaults())) {
      assertEquals(290, index.size());
      for (int i = 10; i < vectors.length; i++) {
        assertArrayEquals(vectors[i], index.get("item-" + i).orElseThrow().vector());
      }
      assertFalse(index.get("item-0").isPresent());
      assertFalse(index.get("after-commit").isPresent(), "uncommitted writes are not persisted");
      assertEquals(offsets, CommitOffsets.fromCommitData("catalog.embeddings", index.lastCommitData()));
      assertEquals("item-42", index.search(vectors[42], 1, null).get(0).itemId());
    }
  }

  @Test
  void aBulkBuildFlushesOneSegmentWithoutCompoundFilesAndRefreshesOnlyWhenAsked(@TempDir Path dir) throws Exception {
    Random random = new Random(TestVectors.seed("bulk"));
    float[][] vectors = TestVectors.units(random, 2_000, DIM);
    try (VectorIndex index = VectorIndex.open(FSDirectory.open(dir), V1, DIM, HnswConfig.defaults().forBulkBuild())) {
      for (int i = 0; i < vectors.length; i++) {
        index.upsert("item-" + i, null, V1, vectors[i]);
      }
      Thread.sleep(3 * HnswConfig.DEFAULT_REFRESH_INTERVAL.toMillis());
      assertEquals(0, index.size(), "no reopen while the bulk build runs");
      index.refresh();
      assertEquals(2_000, index.size());
      try (var files = java.nio.file.Files.list(dir)) {
        List<String> names = files.map(f -> f.getFileName().toString()).toList();
        assertEquals(1, names.stream().filter(n -> n.endsWith(".vec")).count(), "one flushed segment: " + names);
        assertTrue(names.stream().noneMatch(n -> n.endsWith(".cfs")), "no compound file: " + names);
      }
      assertEquals("item-7", index.search(vectors[7], 1, null).get(0).itemId());
    }
  }
}
