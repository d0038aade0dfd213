package com.hdcsearch.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.MetaPropertiesVersion;
import org.apache.kafka.metadata.properties.PropertiesUtils;

/**
 * What the embedded broker's log directory holds before the broker starts: nothing yet (format it), the data of an
 * earlier run of this broker (start on it, with its cluster id), or something the broker must not touch.
 * {@code meta.properties} is the marker: Kafka's formatter writes it last, after its bootstrap file, so a directory
 * without it was never fully formatted.
 */
final class BrokerLogDir {
  /**
   * Files Kafka's formatter may leave before it writes {@code meta.properties} (a format cut off by kill -9): the
   * directory counts as empty, and formatting it again replaces them.
   */
  private static final Set<String> FORMAT_LEFTOVERS = Set.of("bootstrap.checkpoint", ".lock");
  private static final String TEMP_SUFFIX = ".tmp";
  private static final int SHOWN_FILES = 3;
  private static final String VERSION_KEY = "version";

  private BrokerLogDir() {}

  /**
   * The cluster id of the formatted directory {@code dir}, or empty when the directory is empty (or missing) and must
   * be formatted.
   *
   * @param nodeId the node id of this broker; a directory of another node is refused
   * @throws BrokenLogDirException when the directory holds something this broker cannot start on; the message names
   *     the directory, what is wrong and what to do
   */
  static Optional<String> formattedClusterId(Path dir, int nodeId) {
    Path meta = dir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
    if (!Files.exists(meta)) {
      List<String> foreign = foreignFiles(dir);
      if (foreign.isEmpty()) {
        return Optional.empty();
      }
      throw new BrokenLogDirException(dir, "it is not empty (it holds " + String.join(", ", foreign)
          + ") but has no " + meta.getFileName() + ", so it is not a Kafka log directory");
    }
    MetaProperties props = read(dir, meta);
    if (props.version() != MetaPropertiesVersion.V1) {
      throw new BrokenLogDirException(dir, meta.getFileName() + " is version " + props.version().number()
          + " (a ZooKeeper-mode broker's); this KRaft broker needs version 1");
    }
    int foundNode = props.nodeId().orElse(-1);
    if (foundNode != nodeId) {
      throw new BrokenLogDirException(dir, "it belongs to node " + foundNode + " of Kafka cluster "
          + props.clusterId().orElse("?") + ", not to this one-node embedded broker (node " + nodeId + ")");
    }
    return Optional.of(props.clusterId().orElseThrow(
        () -> new BrokenLogDirException(dir, meta.getFileName() + " has no cluster.id")));
  }

  private static MetaProperties read(Path dir, Path meta) {
    Properties raw;
    try {
      raw = PropertiesUtils.readPropertiesFile(meta.toString());
    } catch (IOException e) {
      throw new BrokenLogDirException(dir, "cannot read " + meta.getFileName() + " (" + e + ")");
    }
    if (raw.getProperty(VERSION_KEY) == null) {
      // Kafka's reader would take a missing version for a ZooKeeper-era file; it is a damaged one.
      throw new BrokenLogDirException(dir, meta.getFileName() + " is not valid (it has no " + VERSION_KEY + ")");
    }
    try {
      return new MetaProperties.Builder(raw).build();
    } catch (RuntimeException e) {
      throw new BrokenLogDirException(dir, meta.getFileName() + " is not valid (" + e.getMessage() + ")");
    }
  }

  /** The first few entries of {@code dir} that a cut-off format does not explain; empty for a missing directory. */
  private static List<String> foreignFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      if (Files.exists(dir)) {
        throw new BrokenLogDirException(dir, "it is a file, not a directory");
      }
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString())
          .filter(name -> !FORMAT_LEFTOVERS.contains(name) && !name.endsWith(TEMP_SUFFIX))
          .sorted()
          .limit(SHOWN_FILES)
          .toList();
    } catch (IOException e) {
      throw new BrokenLogDirException(dir, "cannot list it (" + e + ")");
    }
  }
}
