package com.hdcsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorIndex#similarTo}: the item's stored vector and the kNN search on one view, hits read from doc values;
 * the same answer as looking the item up and searching with its vector, and still right on documents written before
 * the doc values existed.
 */
class SimilarToTest {
  private static final String V1 = "v1";
  private static final int DIM = 16;

  @TempDir Path tmp;

  @Test
  void answersAsLookupThenSearchAndExcludesTheItem() throws Exception {
    Random random = new Random(TestVectors.seed("similarTo"));
    float[][] vectors = TestVectors.units(random, 300, DIM);
    try (VectorIndex index = VectorIndex.open(new ByteBuffersDirectory(), V1, DIM, HnswConfig.defaults())) {
      for (int i = 0; i < vectors.length; i++) {
        index.upsert("item-" + i, "label-" + (i % 7), V1, vectors[i]);
      }
      index.refresh();
      for (int i : new int[] {0, 42, 299}) {
        String id = "item-" + i;
        List<SearchHit> expected = index.search(index.get(id).orElseThrow().vector(), 10, 20, id);
        List<SearchHit> actual = index.similarTo(id, 10, 20).orElseThrow();
        assertEquals(expected, actual);
        assertEquals(10, actual.size());
        assertTrue(actual.stream().noneMatch(h -> h.itemId().equals(id)), "the item itself is excluded");
        for (SearchHit h : actual) {
          int j = Integer.parseInt(h.itemId().substring(5));
          assertEquals("label-" + (j % 7), h.label());
          assertEquals(TestVectors.dot(vectors[i], vectors[j]), h.score(), 1e-4f);
        }
      }
      assertEquals(Optional.empty(), index.similarTo("no-such-item", 10, 0));
      // A replaced vector is the one searched with; a deleted item is unknown.
      index.upsert("item-0", "label-0", V1, vectors[1]);
      index.delete("item-42");
      index.refresh();
      assertEquals("item-1", index.similarTo("item-0", 1, 20).orElseThrow().getFirst().itemId());
      assertEquals(Optional.empty(), index.similarTo("item-42", 10, 0));
    }
  }

  @Test
  void documentsWithoutDocValuesAreReadFromStoredFields() throws Exception {
    Random random = new Random(TestVectors.seed("legacy docs"));
    float[][] vectors = TestVectors.units(random, 20, DIM);
    try (VectorIndex created = VectorIndex.open(FSDirectory.open(tmp), V1, DIM, HnswConfig.defaults())) {
      created.commit(java.util.Map.of());
    }
    // Documents as the index wrote them before the doc values: stored id and label only.
    try (Directory dir = FSDirectory.open(tmp); IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      for (int i = 0; i < vectors.length; i++) {
        Document doc = new Document();
        doc.add(new StringField(VectorIndex.FIELD_ID, "old-" + i, Field.Store.YES));
        doc.add(new StoredField(VectorIndex.FIELD_LABEL, "old-label-" + i));
        doc.add(new StoredField(VectorIndex.FIELD_MODEL, V1));
        doc.add(new KnnFloatVectorField(VectorIndex.FIELD_VECTOR, vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
        w.addDocument(doc);
      }
      w.setLiveCommitData(VectorIndex.readCommitData(dir).entrySet());
      w.commit();
    }
    try (VectorIndex index = VectorIndex.open(FSDirectory.open(tmp), V1, DIM, HnswConfig.defaults())) {
      index.upsert("new-0", "new-label", V1, vectors[3]);
      index.refresh();
      List<SearchHit> hits = index.similarTo("old-3", 2, 20).orElseThrow();
      assertEquals("new-0", hits.get(0).itemId(), "the new document with the same vector comes first");
      assertEquals("new-label", hits.get(0).label());
      assertEquals("old-label-" + hits.get(1).itemId().substring(4), hits.get(1).label(), "stored-field fallback");
    }
  }
}
