package com.hdcsearch.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.versions.VersionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups start from local state only when that state is complete and says unambiguously which version it is: every
 * piece that can be missing or stale after a crash (the record, the index's commit, the weights, the cluster, the
 * configured checkpoint) is taken away once and the boot must wait for Kafka.
 */
class LocalServingTest {
  private static final String CLUSTER = "embedded:cluster-a";
  private static final int DIM = 4;

  @TempDir Path tmp;

  private Path root() {
    return tmp.resolve("index");
  }

  /** An index of {@code version} with one item, committed when asked; returns its content id. */
  private String index(String version, boolean commit) throws Exception {
    try (VectorIndex index = VectorIndex.open(FSDirectory.open(root().resolve(version)), version, DIM,
        HnswConfig.defaults())) {
      index.upsert("item-1", "a", version, new float[] {1, 0, 0, 0});
      if (commit) {
        index.commit(Map.of("offsets", "0"));
      }
      return index.indexId();
    }
  }

  private Path weights(String version) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("versions").resolve(version));
    Files.writeString(dir.resolve(CheckpointManifest.FILE), "{}");
    return dir;
  }

  private LocalServing.Decision decide() {
    return LocalServing.decide(root(), CLUSTER, "");
  }

  @Test
  void servesTheRecordedVersionWhenItsIndexIsCommittedAndItsWeightsComplete() throws Exception {
    String id = index("v1", true);
    Path weights = weights("v1");
    new ServingRecord("v1", id, weights, CLUSTER, "").write(root());
    LocalServing.Decision d = decide();
    assertEquals(Optional.of(new LocalServing.Early("v1", weights)), d.early(), d.reason());
  }

  @Test
  void waitsForKafkaOnAFirstStart() throws Exception {
    index("v1", true);
    LocalServing.Decision d = decide();
    assertTrue(d.early().isEmpty());
    assertTrue(d.reason().contains(ServingRecord.FILE), d.reason());
  }

  @Test
  void neverServesAnIndexThatHasNotCommitted() throws Exception {
    String id = index("v1", false);
    new ServingRecord("v1", id, weights("v1"), CLUSTER, "").write(root());
    LocalServing.Decision d = decide();
    assertTrue(d.early().isEmpty());
    assertTrue(d.reason().contains("no commit"), d.reason());
  }

  @Test
  void neverServesARebuiltIndexUnderTheRecordOfTheOldOne() throws Exception {
    String old = index("v1", true);
    VersionStore.deleteTree(root().resolve("v1")); // a retired or aborted index's clean-up
    String rebuilt = index("v1", true);
    assertFalse(old.equals(rebuilt));
    new ServingRecord("v1", old, weights("v1"), CLUSTER, "").write(root());
    LocalServing.Decision d = decide();
    assertTrue(d.early().isEmpty());
    assertTrue(d.reason().contains("not the recorded"), d.reason());
  }

  @Test
  void aSwapTargetThatIsNotRecordedIsNotServedTheRecordedVersionIs() throws Exception {
    // A crash in the middle of a swap: v2's index is being back-filled and has committed part of the catalog.
    String v1 = index("v1", true);
    index("v2", true);
    Path weights = weights("v1");
    weights("v2");
    new ServingRecord("v1", v1, weights, CLUSTER, "").write(root());
    assertEquals(Optional.of(new LocalServing.Early("v1", weights)), decide().early());
  }

  @Test
  void waitsForKafkaWhenTheWeightsAreIncomplete() throws Exception {
    String id = index("v1", true);
    Path weights = weights("v1");
    Files.delete(weights.resolve(CheckpointManifest.FILE));
    new ServingRecord("v1", id, weights, CLUSTER, "").write(root());
    LocalServing.Decision d = decide();
    assertTrue(d.early().isEmpty());
    assertTrue(d.reason().contains("incomplete"), d.reason());
  }

  @Test
  void waitsForKafkaWhenTheClusterOrTheConfiguredCheckpointChanged() throws Exception {
    String id = index("v1", true);
    new ServingRecord("v1", id, weights("v1"), CLUSTER, "").write(root());
    LocalServing.Decision other = LocalServing.decide(root(), "embedded:cluster-b", "");
    assertTrue(other.early().isEmpty());
    assertTrue(other.reason().contains("cluster-b"), other.reason());
    LocalServing.Decision configured = LocalServing.decide(root(), CLUSTER, "/ckpt (v9, 2026)");
    assertTrue(configured.early().isEmpty());
    assertTrue(configured.reason().contains("hdc.model.checkpoint"), configured.reason());
  }

  @Test
  void aRecordIsReplacedWholeAndReadBackAsWritten() throws Exception {
    ServingRecord first = new ServingRecord("v1", "id-1", tmp.resolve("w1"), CLUSTER, "");
    ServingRecord second = new ServingRecord("v2", "id-2", tmp.resolve("w2"), CLUSTER, "/ckpt (v9, 2026)");
    first.write(root());
    second.write(root());
    assertEquals(Optional.of(second), ServingRecord.read(root()));
    assertFalse(Files.exists(root().resolve(ServingRecord.FILE + ".tmp")));
  }
}
