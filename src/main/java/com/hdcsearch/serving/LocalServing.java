package com.hdcsearch.serving;

import com.hdcsearch.index.IndexSettings;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.model.ModelSettings;
import com.hdcsearch.versions.ModelLifecycle;
import com.hdcsearch.versions.VersionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.jboss.logging.Logger;

/**
 * What this instance's disk says it served before a restart ({@link ServingRecord}), and whether that is enough to
 * answer lookups before Kafka is up. It is only when every piece agrees: the record names version V and the id of
 * V's index contents; V's index directory holds a commit bound to V with that id (a swap target is recorded only
 * once committed complete, so a half-built one never qualifies); V's checkpoint is complete (its manifest is written
 * last); the Kafka cluster is the one the record was written for (the embedded broker's log directory has the same
 * cluster id); and {@code hdc.model.checkpoint} names the checkpoint the recorded boot had, so no import is pending.
 * Anything else (no record, a missing or uncommitted index, another cluster, a new configured checkpoint) boots as
 * before: Kafka first, then the version {@code model.versions} names. Either way {@code model.versions} stays the
 * truth: once read, the swap controller moves this instance to its target version.
 */
@ApplicationScoped
public class LocalServing {
  private static final Logger LOG = Logger.getLogger(LocalServing.class);

  /** A version that can serve from local state at boot, and where its weights are. */
  public record Early(String version, Path checkpoint) {}

  private final Path indexRoot;
  private final boolean enabled;
  private final KafkaCluster kafka;
  private final Optional<String> configuredCheckpoint;
  private Optional<Early> early;
  private Path bootCheckpoint;
  private String bootSource;

  LocalServing(IndexSettings index, VersionSettings versions, ModelSettings model, KafkaCluster kafka) {
    this.indexRoot = Path.of(index.path()).toAbsolutePath();
    this.enabled = versions.earlyLookups();
    this.kafka = kafka;
    this.configuredCheckpoint = model.checkpoint();
  }

  /** The version to serve at once from local state, or empty when the boot must wait for Kafka; decided once. */
  public synchronized Optional<Early> early() {
    if (early == null) {
      early = decide();
    }
    return early;
  }

  private Optional<Early> decide() {
    if (!enabled) {
      return Optional.empty();
    }
    Decision d;
    try {
      d = decide(indexRoot, kafka.identity(), configuredSource());
    } catch (IOException | RuntimeException e) {
      d = Decision.no("the configured checkpoint cannot be read (" + e.getMessage() + ")");
    }
    if (d.early().isEmpty()) {
      LOG.infof("Lookups start once Kafka is up and model.versions is read: %s", d.reason());
    }
    return d.early();
  }

  /** Whether lookups can start from local state, and why not when they cannot. */
  public record Decision(Optional<Early> early, String reason) {
    static Decision no(String reason) {
      return new Decision(Optional.empty(), reason);
    }
  }

  /**
   * The decision on {@code indexRoot}'s state alone (see the class comment).
   *
   * @param cluster the Kafka cluster as {@link KafkaCluster#identity()} names it now
   * @param configured the configured checkpoint as {@link ModelLifecycle#importSource} names it, "" when none
   */
  public static Decision decide(Path indexRoot, String cluster, String configured) {
    try {
      Optional<ServingRecord> found = ServingRecord.read(indexRoot);
      if (found.isEmpty()) {
        return Decision.no("no " + ServingRecord.FILE + " in " + indexRoot + " (a first start)");
      }
      ServingRecord r = found.get();
      if (!cluster.equals(r.kafka())) {
        return Decision.no("it was written for Kafka " + r.kafka() + ", this instance now talks to " + cluster);
      }
      if (!configured.equals(r.configuredCheckpoint())) {
        return Decision.no("hdc.model.checkpoint changed since (now " + (configured.isEmpty() ? "none" : configured)
            + ")");
      }
      Path dir = indexRoot.resolve(r.version());
      Optional<VectorIndex.CommittedBinding> committed = Optional.empty();
      if (Files.isDirectory(dir)) {
        try (Directory d = FSDirectory.open(dir)) {
          committed = VectorIndex.committedBinding(d);
        }
      }
      if (committed.isEmpty()) {
        return Decision.no("the index of " + r.version() + " at " + dir + " has no commit");
      }
      if (!committed.get().equals(new VectorIndex.CommittedBinding(r.version(), r.indexId()))) {
        return Decision.no("the index at " + dir + " is " + committed.get() + ", not the recorded " + r.indexId());
      }
      if (!Files.isRegularFile(r.checkpoint().resolve(CheckpointManifest.FILE))) {
        return Decision.no("the weights of " + r.version() + " at " + r.checkpoint() + " are incomplete");
      }
      return new Decision(Optional.of(new Early(r.version(), r.checkpoint())), "");
    } catch (IOException | RuntimeException e) {
      return Decision.no("the local state cannot be read (" + e.getMessage() + ")");
    }
  }

  /** The configured checkpoint as {@link ModelLifecycle#importSource} names it, or "" when none is configured. */
  private synchronized String configuredSource() throws IOException {
    if (bootSource == null) {
      bootSource = configuredCheckpoint.isEmpty() ? ""
          : ModelLifecycle.importSource(Path.of(configuredCheckpoint.get()));
    }
    return bootSource;
  }

  /** The boot (Kafka first) has chosen {@code checkpoint}'s weights; {@link #recordBoot} follows once its index opens. */
  public synchronized void chose(Path checkpoint) {
    this.bootCheckpoint = checkpoint;
  }

  /**
   * Records what a boot that waited for Kafka serves; a no-op after an early start, whose record holds already.
   *
   * @param index the serving index, just opened
   */
  public synchronized void recordBoot(VectorIndex index) throws IOException {
    if (early().isPresent() || bootCheckpoint == null) {
      return;
    }
    record(index, bootCheckpoint);
  }

  /** Records {@code index}, committed complete, as what serves from now on: a swap calls it just before its switch. */
  public synchronized void recordSwitch(VectorIndex index, Path checkpoint) throws IOException {
    record(index, checkpoint);
  }

  private void record(VectorIndex index, Path checkpoint) throws IOException {
    new ServingRecord(index.modelVersion(), index.indexId(), checkpoint.toAbsolutePath(), kafka.identity(),
        configuredSource()).write(indexRoot);
  }
}
