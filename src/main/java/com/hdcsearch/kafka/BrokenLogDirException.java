package com.hdcsearch.kafka;

import java.nio.file.Path;

/**
 * The embedded broker's log directory holds something it cannot start on (another cluster's data, an unreadable or
 * foreign directory). The message is for the user: the directory, what is wrong, and what to do.
 */
public final class BrokenLogDirException extends IllegalStateException {
  private final Path dir;

  BrokenLogDirException(Path dir, String problem) {
    super("the embedded Kafka broker cannot use its log directory " + dir.toAbsolutePath() + ": " + problem + ". "
        + "To keep that data, fix the directory (or start the broker that owns it); to start with an empty catalog, "
        + "move it away (mv " + dir.toAbsolutePath() + " " + dir.toAbsolutePath() + ".old) or point "
        + "hdc.kafka.embedded.log-dir at an empty directory.");
    this.dir = dir;
  }

  /** The directory that was refused. */
  public Path dir() {
    return dir;
  }
}
