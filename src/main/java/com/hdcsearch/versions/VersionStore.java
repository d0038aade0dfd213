package com.hdcsearch.versions;

import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.model.Checkpoints;
import com.hdcsearch.model.EmbedderLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The weights of every version: one checkpoint directory per version id under one root. Instances share only Kafka
 * and this root, so beyond one machine the root must be a shared volume (NFS, a mounted bucket); the
 * {@code ModelVersion} event names the directory. Weights of retired versions are kept, so that a rollback can load
 * them; only their indexes are deleted.
 */
public final class VersionStore {
  private final Path root;

  public VersionStore(Path root) {
    this.root = root.toAbsolutePath();
  }

  /** The directory of {@code versionId}'s checkpoint (it may not exist yet). */
  public Path directory(String versionId) {
    return root.resolve(VersionIds.checkSafe(versionId));
  }

  /** Whether {@code versionId} has a complete checkpoint here (its manifest is written last). */
  public boolean contains(String versionId) {
    return Files.isRegularFile(directory(versionId).resolve(CheckpointManifest.FILE));
  }

  /**
   * Loads the weights that {@code event} names: its checkpoint path if set, else this store's directory for it. The
   * embedder carries the event's version id, whatever the manifest says (a copied checkpoint keeps its old id).
   *
   * @throws IOException naming the directory when there is no checkpoint there
   */
  public CascadeEmbedder load(VersionEvent event) throws IOException {
    Path dir = checkpointOf(event);
    if (!Files.isRegularFile(dir.resolve(CheckpointManifest.FILE))) {
      throw new IOException("the weights of model version " + event.versionId() + " are missing: no "
          + CheckpointManifest.FILE + " in " + dir + " (beyond one machine, hdc.versions.dir must be a shared volume)");
    }
    CascadeEmbedder loaded = EmbedderLoader.load(dir);
    if (loaded.modelVersion().equals(event.versionId())) {
      return loaded;
    }
    return new CascadeEmbedder(loaded.network(), event.versionId());
  }

  /** The directory of the weights that {@code event} names: its checkpoint path if set, else this store's. */
  public Path checkpointOf(VersionEvent event) {
    return event.checkpoint() != null ? Path.of(event.checkpoint()) : directory(event.versionId());
  }

  /** Saves {@code embedder}'s network as the checkpoint of {@code manifest.versionId()}; returns its directory. */
  public Path save(CascadeEmbedder embedder, CheckpointManifest manifest) throws IOException {
    Path dir = directory(manifest.versionId());
    Files.createDirectories(dir);
    Checkpoints.save(embedder.network(), manifest, dir);
    return dir;
  }

  /** Removes a version's checkpoint (a rejected candidate's, say); absent is fine. */
  public void delete(String versionId) {
    deleteTree(directory(versionId));
  }

  /** Deletes {@code dir} and everything under it; absent is fine. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
