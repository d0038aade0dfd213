package com.hdcsearch.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Bits;

/**
 * A near-real-time HNSW index of unit-length item vectors of one model version, one document per item id. Writes are
 * visible to searches within {@link HnswConfig#refreshInterval()} (a background reopen thread); they are durable only
 * after {@link #commit(Map)}, which also records the caller's resume position (e.g. Kafka offsets). Thread-safe.
 */
public final class VectorIndex implements Closeable {
  static final String FIELD_ID = "itemId";
  static final String FIELD_LABEL = "label";
  static final String FIELD_MODEL = "modelVersion";
  static final String FIELD_VECTOR = "vector";
  /**
   * Id and label again as doc values: a search's hits read them without decompressing a stored-fields block each
   * (measured with JFR: 15% of a similar-item lookup). Documents of an index written before they existed fall back to
   * the stored fields.
   */
  static final String FIELD_ID_DV = "itemId.dv";
  static final String FIELD_LABEL_DV = "label.dv";
  /** Commit user data keys that this class owns; callers' keys must not collide. */
  static final String COMMIT_MODEL = "hdc.modelVersion";
  static final String COMMIT_DIMENSION = "hdc.dimension";
  /**
   * A random id made when the directory's index is first created and kept by every commit: it tells a rebuilt
   * index (deleted, or never committed before a crash) from the one that was there, so that the embedder can tell
   * which catalog it has already filled it with.
   */
  static final String COMMIT_INDEX_ID = "hdc.indexId";
  /** Unit length within this tolerance: DOT_PRODUCT equals cosine only on unit vectors. */
  static final float UNIT_NORM_TOLERANCE = 1e-3f;
  /** The shortest wait for a refresh that someone waits on (Lucene's minimum stale time). */
  private static final double MIN_STALE_SEC = 0.005;

  private final Directory directory;
  private final String modelVersion;
  private final int dimension;
  /** Quantized graphs score approximately; their candidates are re-scored with the full-precision vectors. */
  private final boolean rescore;
  private final IndexWriter writer;
  /** A bulk build's indexing buffer (Lucene's default is 16 MB; its per-thread limit just under 2 GB). */
  static final double BULK_RAM_BUFFER_MB = 1024;

  private final SearcherManager searchers;
  private final ControlledRealTimeReopenThread<IndexSearcher> reopener;
  private final RefreshTimer refreshTimer;
  private volatile Map<String, String> lastCommitData;
  private final String indexId;
  /** Run after the index is closed: releases what only this index's searches needed (e.g. its model). */
  private final List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Open leases from {@link ServingIndex}: the last release closes a retired index. */
  private final AtomicInteger refCount = new AtomicInteger(1);

  private VectorIndex(Directory directory, String modelVersion, int dimension, HnswConfig config) throws IOException {
    this.directory = directory;
    this.modelVersion = modelVersion;
    this.dimension = dimension;
    this.rescore = config.quantization() != Quantization.NONE;
    this.lastCommitData = readCommitData(directory);
    checkCommittedBinding(lastCommitData, modelVersion, dimension);
    this.indexId = lastCommitData.getOrDefault(COMMIT_INDEX_ID, java.util.UUID.randomUUID().toString());
    IndexWriterConfig iwc = new IndexWriterConfig().setCodec(new VectorCodec(config))
        // Only explicit commits, which carry the resume position: a commit on close would persist documents
        // without the offsets that produced them.
        .setCommitOnClose(false)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    if (config.bulkBuild()) {
      // One big segment per writer thread, so that the merge into one graph re-inserts few vectors; its files stay
      // separate (a compound file would hide the graph's and the vectors' sizes that the index bench reports).
      iwc.setRAMBufferSizeMB(BULK_RAM_BUFFER_MB).setUseCompoundFile(false);
    }
    if (config.mergeWorkers() > 1) {
      // The intra-merge executor runs a worker on a new thread only while the scheduler's thread count allows it:
      // the merge's own thread plus its workers.
      ConcurrentMergeScheduler scheduler = new ConcurrentMergeScheduler();
      scheduler.setMaxMergesAndThreads(config.mergeWorkers() + 6, config.mergeWorkers() + 1);
      iwc.setMergeScheduler(scheduler);
    }
    this.writer = new IndexWriter(directory, iwc);
    this.refreshTimer = new RefreshTimer(writer::getMaxCompletedSequenceNumber);
    try {
      this.searchers = new SearcherManager(writer, null);
      searchers.addListener(refreshTimer);
      double staleSec = config.refreshInterval().toNanos() / 1e9;
      this.reopener =
          new ControlledRealTimeReopenThread<>(writer, searchers, staleSec, Math.min(MIN_STALE_SEC, staleSec));
      reopener.setName("vector-index-reopen-" + modelVersion);
      reopener.setDaemon(true);
      reopener.start();
    } catch (IOException | RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /**
   * Opens (or creates) the index in {@code directory}, bound to one model version and dimension.
   *
   * @throws ModelVersionMismatchException if the directory holds a committed index of another model version
   */
  public static VectorIndex open(Directory directory, String modelVersion, int dimension, HnswConfig config)
      throws IOException {
    if (modelVersion == null || modelVersion.isBlank()) {
      throw new IllegalArgumentException("modelVersion must not be blank, got: '" + modelVersion + "'");
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, got: " + dimension);
    }
    return new VectorIndex(directory, modelVersion, dimension, config);
  }

  /** The user data of the last commit in {@code directory}, empty when there is none. */
  public static Map<String, String> readCommitData(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return Map.of();
    }
    return Map.copyOf(SegmentInfos.readLatestCommit(directory).getUserData());
  }

  /** The model version and content id that a directory's last commit is bound to. */
  public record CommittedBinding(String modelVersion, String indexId) {}

  /**
   * What the last commit in {@code directory} is bound to, or empty when there is no commit or it does not say (an
   * index that never committed, or one written before the binding was recorded).
   */
  public static Optional<CommittedBinding> committedBinding(Directory directory) throws IOException {
    Map<String, String> data = readCommitData(directory);
    String model = data.get(COMMIT_MODEL);
    String id = data.get(COMMIT_INDEX_ID);
    return model == null || id == null ? Optional.empty() : Optional.of(new CommittedBinding(model, id));
  }

  private static void checkCommittedBinding(Map<String, String> data, String modelVersion, int dimension) {
    String committed = data.get(COMMIT_MODEL);
    if (committed != null && !committed.equals(modelVersion)) {
      throw new ModelVersionMismatchException(modelVersion, committed, "The index directory");
    }
    String dim = data.get(COMMIT_DIMENSION);
    if (dim != null && Integer.parseInt(dim) != dimension) {
      throw new IllegalArgumentException(
          "The index directory holds vectors of dimension " + dim + " but " + dimension + " was asked for");
    }
  }

  /** The model version whose vectors this index holds. */
  public String modelVersion() {
    return modelVersion;
  }

  /** The id of this index's contents: the same across restarts once committed, new for a rebuilt index. */
  public String indexId() {
    return indexId;
  }

  /** Length of every vector. */
  public int dimension() {
    return dimension;
  }

  /**
   * Inserts or replaces the document of {@code itemId}.
   *
   * @return the write's sequence number, for {@link #awaitSearchable(long, long)}
   * @throws ModelVersionMismatchException if {@code vectorModelVersion} is not this index's version
   */
  public long upsert(String itemId, String label, String vectorModelVersion, float[] vector) {
    checkItemId(itemId);
    if (!modelVersion.equals(vectorModelVersion)) {
      throw new ModelVersionMismatchException(modelVersion, vectorModelVersion, "The vector of item '" + itemId + "'");
    }
    checkVector(itemId, vector);
    Document doc = new Document();
    doc.add(new StringField(FIELD_ID, itemId, Field.Store.YES));
    doc.add(new BinaryDocValuesField(FIELD_ID_DV, new BytesRef(itemId)));
    if (label != null) {
      doc.add(new StoredField(FIELD_LABEL, label));
      doc.add(new BinaryDocValuesField(FIELD_LABEL_DV, new BytesRef(label)));
    }
    doc.add(new StoredField(FIELD_MODEL, vectorModelVersion));
    doc.add(new KnnFloatVectorField(FIELD_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    try {
      return writer.updateDocument(new Term(FIELD_ID, itemId), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not index item '" + itemId + "'", e);
    }
  }

  /** Removes the document of {@code itemId}, if any; returns the write's sequence number. */
  public long delete(String itemId) {
    checkItemId(itemId);
    try {
      return writer.deleteDocuments(new Term(FIELD_ID, itemId));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete item '" + itemId + "'", e);
    }
  }

  /** Searches the {@code k} nearest items, best first; {@code excludeItemId} (may be null) is never returned. */
  public List<SearchHit> search(float[] query, int k, String excludeItemId) {
    return search(query, k, 0, excludeItemId);
  }

  /**
   * Like {@link #search(float[], int, String)}, exploring {@code fanout} more candidates than needed: more effort,
   * better recall.
   */
  public List<SearchHit> search(float[] query, int k, int fanout, String excludeItemId) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
    if (fanout < 0) {
      throw new IllegalArgumentException("fanout must not be negative, got: " + fanout);
    }
    checkVector("query", query);
    IndexSearcher searcher = acquireSearcher();
    try {
      return searchOn(searcher, query, k, fanout, excludeItemId);
    } catch (IOException e) {
      throw new UncheckedIOException("Search failed", e);
    } finally {
      releaseSearcher(searcher);
    }
  }

  /**
   * The {@code k} items nearest to the stored vector of {@code itemId}, itself excluded, looked up and searched on one
   * point-in-time view (one searcher, no stored fields read for the query item); empty when it is not indexed.
   */
  public Optional<List<SearchHit>> similarTo(String itemId, int k, int fanout) {
    checkItemId(itemId);
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
    if (fanout < 0) {
      throw new IllegalArgumentException("fanout must not be negative, got: " + fanout);
    }
    IndexSearcher searcher = acquireSearcher();
    try {
      DocHit found = find(searcher, itemId);
      if (found == null) {
        return Optional.empty();
      }
      return Optional.of(searchOn(searcher, vectorOf(found, itemId), k, fanout, itemId));
    } catch (IOException e) {
      throw new UncheckedIOException("Similar-item lookup of '" + itemId + "' failed", e);
    } finally {
      releaseSearcher(searcher);
    }
  }

  private List<SearchHit> searchOn(IndexSearcher searcher, float[] query, int k, int fanout, String excludeItemId)
      throws IOException {
    int candidates = k + fanout + (excludeItemId == null ? 0 : 1);
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    ScoreDoc[] top = LeafKnnSearch.search(leaves, FIELD_VECTOR, query, candidates, rescore);
    // The excluded item is at most one of the hits, so k + 1 resolved hits always leave k.
    int resolve = Math.min(top.length, excludeItemId == null ? k : k + 1);
    String[][] idAndLabel = resolveHits(leaves, top, resolve);
    List<SearchHit> hits = new ArrayList<>(k);
    for (int i = 0; i < resolve && hits.size() < k; i++) {
      String id = idAndLabel[i][0];
      if (!id.equals(excludeItemId)) {
        // Lucene maps the dot product d of unit vectors to (1 + d) / 2; we report the cosine itself.
        hits.add(new SearchHit(id, idAndLabel[i][1], 2 * top[i].score - 1));
      }
    }
    return hits;
  }

  /**
   * Item id and label of the first {@code count} hits, in hit order. Doc values are forward-only iterators, so the
   * hits are visited in doc order with one iterator per leaf and field (a fresh iterator per hit cost about a quarter
   * of a small kNN search).
   */
  private static String[][] resolveHits(List<LeafReaderContext> leaves, ScoreDoc[] hits, int count)
      throws IOException {
    Integer[] byDoc = new Integer[count];
    for (int i = 0; i < count; i++) {
      byDoc[i] = i;
    }
    java.util.Arrays.sort(byDoc, (a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
    String[][] resolved = new String[count][];
    LeafReaderContext leaf = null;
    BinaryDocValues ids = null;
    BinaryDocValues labels = null;
    for (int i : byDoc) {
      int doc = hits[i].doc;
      if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
        leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        ids = leaf.reader().getBinaryDocValues(FIELD_ID_DV);
        labels = leaf.reader().getBinaryDocValues(FIELD_LABEL_DV);
      }
      int local = doc - leaf.docBase;
      String id = ids != null && ids.advanceExact(local) ? ids.binaryValue().utf8ToString() : null;
      if (id == null) {
        // Written before the doc values existed: the stored fields have them.
        Document stored = leaf.reader().storedFields().document(local, Set.of(FIELD_ID, FIELD_LABEL));
        resolved[i] = new String[] {stored.get(FIELD_ID), stored.get(FIELD_LABEL)};
      } else {
        String label = labels != null && labels.advanceExact(local) ? labels.binaryValue().utf8ToString() : null;
        resolved[i] = new String[] {id, label};
      }
    }
    return resolved;
  }

  /** A live document of the searcher's view: its leaf and the doc id inside it. */
  private record DocHit(LeafReaderContext leaf, int doc) {}

  /** The live document of {@code itemId} by a terms-dictionary seek (no query, no scoring), or null. */
  private static DocHit find(IndexSearcher searcher, String itemId) throws IOException {
    BytesRef term = new BytesRef(itemId);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Terms terms = leaf.reader().terms(FIELD_ID);
      if (terms == null) {
        continue;
      }
      TermsEnum te = terms.iterator();
      if (!te.seekExact(term)) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      PostingsEnum postings = te.postings(null, PostingsEnum.NONE);
      for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
        if (live == null || live.get(doc)) {
          return new DocHit(leaf, doc);
        }
      }
    }
    return null;
  }

  /** The stored vector of a found document (a copy: Lucene reuses the array it returns). */
  private static float[] vectorOf(DocHit hit, String itemId) throws IOException {
    FloatVectorValues values = hit.leaf().reader().getFloatVectorValues(FIELD_VECTOR);
    KnnVectorValues.DocIndexIterator it = values == null ? null : values.iterator();
    if (it == null || it.advance(hit.doc()) != hit.doc()) {
      throw new IllegalStateException("Item '" + itemId + "' has no vector");
    }
    return values.vectorValue(it.index()).clone();
  }

  /** The stored item with its vector, if indexed (as of the last refresh). */
  public Optional<IndexedItem> get(String itemId) {
    checkItemId(itemId);
    IndexSearcher searcher = acquireSearcher();
    try {
      DocHit found = find(searcher, itemId);
      if (found == null) {
        return Optional.empty();
      }
      Document stored = found.leaf().reader().storedFields().document(found.doc());
      return Optional.of(new IndexedItem(itemId, stored.get(FIELD_LABEL), stored.get(FIELD_MODEL),
          vectorOf(found, itemId)));
    } catch (IOException e) {
      throw new UncheckedIOException("Lookup of item '" + itemId + "' failed", e);
    } finally {
      releaseSearcher(searcher);
    }
  }

  /** Number of items searchable now (as of the last refresh). */
  public int size() {
    IndexSearcher searcher = acquireSearcher();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      releaseSearcher(searcher);
    }
  }

  /**
   * Waits until the write with sequence number {@code seqNo} is searchable.
   *
   * @return false if that did not happen within {@code timeoutMillis}
   */
  public boolean awaitSearchable(long seqNo, long timeoutMillis) throws InterruptedException {
    return reopener.waitForGeneration(seqNo, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
  }

  /**
   * Makes every write so far durable, together with {@code resumeData} (e.g. the input offsets up to which writes were
   * applied); {@link #lastCommitData()} returns it after a restart.
   */
  public void commit(Map<String, String> resumeData) {
    commit(resumeData, () -> {});
  }

  /**
   * As {@link #commit(Map)}, in Lucene's two phases with {@code betweenPhases} run after the first (a crash there
   * leaves the previous commit as the one a restart opens).
   */
  public void commit(Map<String, String> resumeData, Runnable betweenPhases) {
    Map<String, String> data = new HashMap<>(resumeData);
    data.put(COMMIT_MODEL, modelVersion);
    data.put(COMMIT_DIMENSION, Integer.toString(dimension));
    data.put(COMMIT_INDEX_ID, indexId);
    try {
      writer.setLiveCommitData(data.entrySet());
      writer.prepareCommit();
      betweenPhases.run();
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("Index commit failed", e);
    }
    lastCommitData = Map.copyOf(data);
  }

  /** The user data of the last commit (this session's or the one found on open), empty for a new index. */
  public Map<String, String> lastCommitData() {
    return lastCommitData;
  }

  /** Registers a listener told after each reopen which writes became searchable and how long the reopen took. */
  public void addRefreshListener(RefreshListener listener) {
    refreshTimer.addListener(listener);
  }

  /** Timings of the near-real-time reopens. */
  public RefreshStats refreshStats() {
    return refreshTimer.stats();
  }

  /** Bytes of all files in the directory (committed and not yet merged segments). */
  public long sizeInBytes() throws IOException {
    long total = 0;
    for (String file : directory.listAll()) {
      try {
        total += directory.fileLength(file);
      } catch (java.nio.file.NoSuchFileException e) {
        // merged away between listing and sizing
      }
    }
    return total;
  }

  /** Forces a reopen now (tests, benchmarks); normal writers rely on the background thread. */
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("Refresh failed", e);
    }
  }

  /** Merges down to at most {@code maxSegments} segments (benchmarks: one graph instead of many). */
  public void forceMerge(int maxSegments) throws IOException {
    writer.forceMerge(maxSegments);
    refresh();
  }

  boolean tryIncRef() {
    int n;
    do {
      n = refCount.get();
      if (n <= 0) {
        return false;
      }
    } while (!refCount.compareAndSet(n, n + 1));
    return true;
  }

  void decRef() throws IOException {
    if (refCount.decrementAndGet() == 0) {
      doClose();
    }
  }

  /** Releases the owner's reference: closes now, or when the last {@link ServingIndex} lease is returned. */
  @Override
  public void close() throws IOException {
    decRef();
  }

  private void doClose() throws IOException {
    try (Directory d = directory; IndexWriter w = writer; SearcherManager s = searchers) {
      reopener.close();
    } finally {
      closeHooks.forEach(Runnable::run);
    }
  }

  /** Runs {@code hook} once this index is closed, i.e. after the last search on it has ended. */
  public void onClose(Runnable hook) {
    closeHooks.add(hook);
  }

  /**
   * Up to {@code n} distinct items drawn at random from the searchable ones (as of the last refresh), the same for
   * the same seed and index contents: a page's "pick an item" strip.
   */
  public List<Entry> sample(int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got: " + n);
    }
    IndexSearcher searcher = acquireSearcher();
    try {
      var reader = searcher.getIndexReader();
      int live = reader.numDocs();
      SplittableRandom random = new SplittableRandom(seed);
      Set<Integer> docs = new LinkedHashSet<>();
      // Deleted documents are skipped; a few tries per wanted item are plenty unless most of the index is deleted.
      for (int tries = 0; docs.size() < Math.min(n, live) && tries < 20 * n; tries++) {
        int doc = random.nextInt(reader.maxDoc());
        LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
        Bits liveDocs = leaf.reader().getLiveDocs();
        if (liveDocs == null || liveDocs.get(doc - leaf.docBase)) {
          docs.add(doc);
        }
      }
      List<Entry> out = new ArrayList<>();
      StoredFields stored = reader.storedFields();
      for (int doc : docs) {
        Document d = stored.document(doc, Set.of(FIELD_ID, FIELD_LABEL));
        out.add(new Entry(d.get(FIELD_ID), d.get(FIELD_LABEL)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not sample the index", e);
    } finally {
      releaseSearcher(searcher);
    }
  }

  /** An item's id and label, as {@link #sample} gives them. */
  public record Entry(String itemId, String label) {}

  /**
   * The ids of {@code other} that this index does not hold (as of the last refresh of each), at most {@code limit} of
   * them: empty when this index has caught up with {@code other}.
   */
  public List<String> missingOf(VectorIndex other, int limit) {
    List<String> missing = new ArrayList<>();
    IndexSearcher theirs = other.acquireSearcher();
    IndexSearcher ours = acquireSearcher();
    try {
      for (LeafReaderContext leaf : theirs.getIndexReader().leaves()) {
        org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
        StoredFields stored = leaf.reader().storedFields();
        for (int doc = 0; doc < leaf.reader().maxDoc() && missing.size() < limit; doc++) {
          if (live != null && !live.get(doc)) {
            continue;
          }
          String id = stored.document(doc, java.util.Set.of(FIELD_ID)).get(FIELD_ID);
          if (ours.count(new TermQuery(new Term(FIELD_ID, id))) == 0) {
            missing.add(id);
          }
        }
      }
      return missing;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not compare indexes", e);
    } finally {
      releaseSearcher(ours);
      other.releaseSearcher(theirs);
    }
  }

  private IndexSearcher acquireSearcher() {
    try {
      return searchers.acquire();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not acquire a searcher", e);
    }
  }

  private void releaseSearcher(IndexSearcher searcher) {
    try {
      searchers.release(searcher);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not release a searcher", e);
    }
  }

  private static void checkItemId(String itemId) {
    if (itemId == null || itemId.isEmpty()) {
      throw new IllegalArgumentException("itemId must not be empty, got: '" + itemId + "'");
    }
  }

  private void checkVector(String what, float[] vector) {
    if (vector == null || vector.length != dimension) {
      throw new IllegalArgumentException("Vector of '" + what + "' must have " + dimension + " dimensions, got: "
          + (vector == null ? "null" : vector.length));
    }
    double sq = 0;
    for (float v : vector) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("Vector of '" + what + "' has a non-finite value: " + v);
      }
      sq += (double) v * v;
    }
    double norm = Math.sqrt(sq);
    if (Math.abs(norm - 1) > UNIT_NORM_TOLERANCE) {
      throw new IllegalArgumentException("Vector of '" + what + "' must have unit length, got norm " + norm);
    }
  }
}
