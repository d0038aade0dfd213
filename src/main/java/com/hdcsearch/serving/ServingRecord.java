package com.hdcsearch.serving;

import com.hdcsearch.versions.VersionIds;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * This instance's own note of which model version its index root serves ({@value #FILE} in {@code hdc.index.path}):
 * the version, the id of its index's contents, the checkpoint its weights came from, the Kafka cluster it served for
 * and the configured checkpoint it booted with. Written when a boot has chosen what serves and at a swap once the
 * incoming index is committed complete, just before the switch, so it never names a half-built index. Replaced
 * atomically (written aside, fsynced, renamed), so a crash leaves the old note or the new one, never a mix. A restart
 * reads it to answer lookups before Kafka is up ({@link LocalServing}); {@code model.versions} stays the truth.
 *
 * @param version the serving model version
 * @param indexId the id of that version's index contents ({@code VectorIndex#indexId}): a rebuilt index differs
 * @param checkpoint the directory of that version's weights
 * @param kafka which cluster it served for: {@code embedded:<cluster id>} or {@code external:<bootstrap servers>}
 * @param configuredCheckpoint the {@code hdc.model.checkpoint} source it booted with (imported by then), or empty
 */
public record ServingRecord(String version, String indexId, Path checkpoint, String kafka,
    String configuredCheckpoint) {
  /** The file's name in the index root. */
  public static final String FILE = "serving.properties";
  private static final String TEMP = FILE + ".tmp";

  public ServingRecord {
    VersionIds.checkSafe(version);
    if (indexId == null || indexId.isBlank()) {
      throw new IllegalArgumentException("indexId must not be blank, got: '" + indexId + "'");
    }
    if (checkpoint == null) {
      throw new IllegalArgumentException("checkpoint must be set for version " + version);
    }
    kafka = kafka == null ? "" : kafka;
    configuredCheckpoint = configuredCheckpoint == null ? "" : configuredCheckpoint;
  }

  /** The record in {@code indexRoot}, or empty when there is none. */
  public static Optional<ServingRecord> read(Path indexRoot) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(indexRoot.resolve(FILE))) {
      p.load(in);
    } catch (NoSuchFileException none) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ServingRecord(p.getProperty("version"), p.getProperty("indexId"),
          Path.of(p.getProperty("checkpoint", "")), p.getProperty("kafka"), p.getProperty("configuredCheckpoint")));
    } catch (IllegalArgumentException e) {
      throw new IOException("unreadable " + indexRoot.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the record in {@code indexRoot} with this one, durably (fsync of the file and of the directory). */
  public void write(Path indexRoot) throws IOException {
    Files.createDirectories(indexRoot);
    Properties p = new Properties();
    p.setProperty("version", version);
    p.setProperty("indexId", indexId);
    p.setProperty("checkpoint", checkpoint.toString());
    p.setProperty("kafka", kafka);
    p.setProperty("configuredCheckpoint", configuredCheckpoint);
    Path temp = indexRoot.resolve(TEMP);
    try (OutputStream out = Files.newOutputStream(temp)) {
      p.store(out, "the model version this index root serves (written by hdc; read at boot)");
    }
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(temp, indexRoot.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(indexRoot, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
