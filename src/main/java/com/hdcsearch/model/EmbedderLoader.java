package com.hdcsearch.model;

import com.hdcsearch.image.ImageSpec;
import java.io.IOException;
import java.nio.file.Path;

/** Where serving gets an {@link Embedder}: from a checkpoint directory, or untrained from a seed. */
public final class EmbedderLoader {
  private EmbedderLoader() {}

  /** Loads a checkpoint directory written by training; its embeddings equal those at save time, bit for bit. */
  public static CascadeEmbedder load(Path checkpointDir) throws IOException {
    CheckpointManifest manifest = Checkpoints.manifest(checkpointDir);
    return new CascadeEmbedder(CascadeNetwork.load(manifest.model(), checkpointDir), manifest.versionId());
  }

  /** The built-in cascade with random weights from {@code seed}; version id {@code untrained-<seed>}. */
  public static CascadeEmbedder untrained(ImageSpec spec, long seed) {
    try {
      return new CascadeEmbedder(CascadeNetwork.create(CascadeConfig.builtin(spec), seed), "untrained-" + seed);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
