package com.hdcsearch.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/** The direct per-leaf graph search against Lucene's kNN query and against exact search, on real HNSW segments. */
class LeafKnnSearchTest {
  private static final String FIELD = "v";
  private static final int DIM = 24;
  private static final int COUNT = 1200;

  @Test
  void onOneSegmentFindsWhatTheKnnQueryFinds() throws IOException {
    float[][] vectors = unitVectors(COUNT, 7);
    try (Directory dir = new ByteBuffersDirectory()) {
      write(dir, vectors, HnswConfig.defaults(), COUNT, Set.of());
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(1, reader.leaves().size());
        IndexSearcher searcher = new IndexSearcher(reader);
        float[][] queries = unitVectors(30, 8);
        for (float[] q : queries) {
          for (int candidates : new int[] {1, 10, 40}) {
            ScoreDoc[] direct = LeafKnnSearch.search(reader.leaves(), FIELD, q, candidates, false);
            TopDocs viaQuery = searcher.search(new KnnFloatVectorQuery(FIELD, q, candidates), candidates);
            assertArrayEquals(docs(viaQuery.scoreDocs), docs(direct), "candidates " + candidates);
            for (int i = 0; i < direct.length; i++) {
              assertEquals(viaQuery.scoreDocs[i].score, direct[i].score, 0f);
            }
          }
        }
      }
    }
  }

  @Test
  void acrossSegmentsWithDeletesItReturnsLiveDocsBestFirstAtExactSearchRecall() throws IOException {
    float[][] vectors = unitVectors(COUNT, 11);
    Set<Integer> deleted = new HashSet<>();
    for (int i = 0; i < COUNT; i += 7) {
      deleted.add(i);
    }
    try (Directory dir = new ByteBuffersDirectory()) {
      write(dir, vectors, HnswConfig.defaults(), 300, deleted);
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(4, reader.leaves().size(), "one segment per 300 documents");
        StoredFields stored = reader.storedFields();
        int k = 10;
        int found = 0;
        float[][] queries = unitVectors(40, 12);
        for (float[] q : queries) {
          ScoreDoc[] hits = LeafKnnSearch.search(reader.leaves(), FIELD, q, 50, false);
          assertEquals(50, hits.length);
          Set<Integer> ids = new HashSet<>();
          for (int i = 0; i < hits.length; i++) {
            int id = Integer.parseInt(stored.document(hits[i].doc).get("id"));
            assertTrue(!deleted.contains(id), "a deleted document was returned: " + id);
            assertTrue(ids.add(id), "a document was returned twice: " + id);
            assertEquals(VectorSimilarityFunction.DOT_PRODUCT.compare(q, vectors[id]), hits[i].score, 1e-6f);
            if (i > 0) {
              assertTrue(hits[i - 1].score >= hits[i].score, "not best first at " + i);
            }
          }
          for (int id : exactTop(vectors, q, k, deleted)) {
            if (ids.contains(id)) {
              found++;
            }
          }
        }
        double recall = found / (double) (queries.length * k);
        assertTrue(recall >= 0.98, "recall@10 at 50 candidates across 4 segments: " + recall);
      }
    }
  }

  @Test
  void aQuantizedGraphsHitsAreReRankedOnFullPrecisionScores() throws IOException {
    float[][] vectors = unitVectors(COUNT, 21);
    try (Directory dir = new ByteBuffersDirectory()) {
      // One segment: across several, a leaf's re-ranked candidate may enter the global top that its quantized score
      // missed, which is the point of re-ranking but not what this test checks.
      write(dir, vectors, HnswConfig.defaults().withQuantization(Quantization.INT4), COUNT, Set.of());
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        StoredFields stored = reader.storedFields();
        float[] q = unitVectors(1, 22)[0];
        ScoreDoc[] approximate = LeafKnnSearch.search(reader.leaves(), FIELD, q, 30, false);
        ScoreDoc[] rescored = LeafKnnSearch.search(reader.leaves(), FIELD, q, 30, true);
        boolean anyScoreMoved = false;
        for (int i = 0; i < rescored.length; i++) {
          int id = Integer.parseInt(stored.document(rescored[i].doc).get("id"));
          float exact = VectorSimilarityFunction.DOT_PRODUCT.compare(q, vectors[id]);
          assertEquals(exact, rescored[i].score, 1e-6f);
          if (i > 0) {
            assertTrue(rescored[i - 1].score >= rescored[i].score, "not re-ranked at " + i);
          }
        }
        for (ScoreDoc a : approximate) {
          int id = Integer.parseInt(stored.document(a.doc).get("id"));
          anyScoreMoved |= Math.abs(a.score - VectorSimilarityFunction.DOT_PRODUCT.compare(q, vectors[id])) > 1e-4f;
        }
        assertTrue(anyScoreMoved, "int4 scores should differ from the full-precision ones, or the test shows nothing");
        Set<Integer> sameDocs = new HashSet<>();
        for (ScoreDoc a : approximate) {
          sameDocs.add(a.doc);
        }
        for (ScoreDoc r : rescored) {
          assertTrue(sameDocs.contains(r.doc), "rescoring re-ranks the graph's candidates, it adds none");
        }
      }
    }
  }

  /** Documents in segments of {@code perSegment}, then the deletes, committed. */
  private static void write(Directory dir, float[][] vectors, HnswConfig config, int perSegment, Set<Integer> deleted)
      throws IOException {
    IndexWriterConfig iwc = new IndexWriterConfig().setCodec(new VectorCodec(config))
        .setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter writer = new IndexWriter(dir, iwc)) {
      for (int i = 0; i < vectors.length; i++) {
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(i), Field.Store.NO));
        doc.add(new StoredField("id", Integer.toString(i)));
        doc.add(new KnnFloatVectorField(FIELD, vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
        writer.addDocument(doc);
        if ((i + 1) % perSegment == 0) {
          writer.flush();
        }
      }
      for (int id : deleted) {
        writer.deleteDocuments(new Term("id", Integer.toString(id)));
      }
      writer.commit();
    }
  }

  private static int[] exactTop(float[][] vectors, float[] q, int k, Set<Integer> deleted) {
    Integer[] order = new Integer[vectors.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    float[] scores = new float[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      scores[i] = VectorSimilarityFunction.DOT_PRODUCT.compare(q, vectors[i]);
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
    return Arrays.stream(order).filter(i -> !deleted.contains(i)).limit(k).mapToInt(Integer::intValue).toArray();
  }

  private static int[] docs(ScoreDoc[] hits) {
    return Arrays.stream(hits).mapToInt(h -> h.doc).toArray();
  }

  /** Clustered unit vectors, so that neighbours are meaningful (uniform random ones in 24-d are all far apart). */
  private static float[][] unitVectors(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SplittableRandom centres = new SplittableRandom(99);
    float[][] centre = new float[20][DIM];
    for (float[] c : centre) {
      for (int d = 0; d < DIM; d++) {
        c[d] = (float) centres.nextGaussian();
      }
    }
    float[][] out = new float[n][DIM];
    for (int i = 0; i < n; i++) {
      float[] c = centre[random.nextInt(centre.length)];
      double norm = 0;
      for (int d = 0; d < DIM; d++) {
        out[i][d] = c[d] + 0.6f * (float) random.nextGaussian();
        norm += out[i][d] * out[i][d];
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < DIM; d++) {
        out[i][d] *= inv;
      }
    }
    return out;
  }
}
