package com.hdcsearch.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes and reads checkpoint directories: {@code manifest.json}, {@code trunk.params}, {@code heads.params}. */
public final class Checkpoints {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Checkpoints() {}

  /** Saves the network and its manifest; the manifest is written last, so a directory with one is complete. */
  public static void save(CascadeNetwork network, CheckpointManifest manifest, Path dir) throws IOException {
    if (!manifest.model().equals(network.config())) {
      throw new IllegalArgumentException("manifest model " + manifest.model() + " is not the network's "
          + network.config());
    }
    network.save(dir);
    Path tmp = dir.resolve(CheckpointManifest.FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), manifest);
    Files.move(tmp, dir.resolve(CheckpointManifest.FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads the manifest of a checkpoint directory. */
  public static CheckpointManifest manifest(Path dir) throws IOException {
    Path file = dir.resolve(CheckpointManifest.FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("not a checkpoint directory (no " + CheckpointManifest.FILE + "): " + dir);
    }
    return JSON.readValue(file.toFile(), CheckpointManifest.class);
  }

  /** Loads the network of a checkpoint directory, on the device its manifest names. */
  public static CascadeNetwork network(Path dir) throws IOException {
    return CascadeNetwork.load(manifest(dir).model(), dir);
  }
}
