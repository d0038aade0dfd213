package com.hdcsearch.data.readers;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetReader;
import com.hdcsearch.data.MissingDatasetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shape every reader shares: find the folder that holds the official layout (the given root, or the default
 * roots; each also one level down in the folder that the official archive unpacks to), then parse it. Nothing found
 * is a {@link MissingDatasetException} naming every folder looked at and how to get the data; unreadable or malformed
 * files are an {@link UncheckedIOException} naming the file and line.
 */
public abstract class OfficialLayoutReader implements DatasetReader {
  private final DataRoots roots;

  protected OfficialLayoutReader(DataRoots roots) {
    this.roots = Objects.requireNonNull(roots, "roots");
  }

  @Override
  public final Dataset read(DatasetOptions options) {
    Objects.requireNonNull(options, "options");
    List<Path> candidates = options.root() != null ? List.of(options.root()) : defaultRoots(roots);
    List<Path> looked = new ArrayList<>();
    for (Path candidate : candidates) {
      List<Path> dirs = archiveFolder() == null ? List.of(candidate) : List.of(candidate, candidate.resolve(archiveFolder()));
      for (Path dir : dirs) {
        looked.add(dir);
        if (hasLayout(dir)) {
          try {
            return readLayout(dir, options);
          } catch (IOException e) {
            throw new UncheckedIOException(name() + ": cannot read " + dir + ": " + e.getMessage(), e);
          }
        }
      }
    }
    throw new MissingDatasetException("data set " + name() + " not found: looked in "
        + looked.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList() + " for "
        + String.join(", ", requiredFiles()) + ".\n" + howToGet(candidates.get(0).toAbsolutePath().normalize()));
  }

  /** Folders tried when the options name no root; the first one is the one the how-to names. */
  protected List<Path> defaultRoots(DataRoots dataRoots) {
    return List.of(dataRoots.root(name()));
  }

  /** Folder that the official archive unpacks to (tried inside each root), or null. */
  protected String archiveFolder() {
    return null;
  }

  /** Files and folders (ending in '/') that identify the layout, relative to its folder. */
  protected abstract List<String> requiredFiles();

  /** Whether {@code dir} holds the layout; by default, whether all {@link #requiredFiles()} exist. */
  protected boolean hasLayout(Path dir) {
    return requiredFiles().stream().allMatch(f -> f.endsWith("/") ? Files.isDirectory(dir.resolve(f)) : Files.isRegularFile(dir.resolve(f)));
  }

  /** One or two sentences: exactly how to get the data set into {@code dir}. */
  protected abstract String howToGet(Path dir);

  /** Parses the layout found in {@code dir}. */
  protected abstract Dataset readLayout(Path dir, DatasetOptions options) throws IOException;
}
