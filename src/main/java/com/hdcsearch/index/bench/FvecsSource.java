package com.hdcsearch.index.bench;

import java.io.IOException;
import java.nio.file.Path;

/** Vectors read from an {@code .fvecs} file. */
public record FvecsSource(Path file) implements VectorSource {
  public FvecsSource {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
  }

  @Override
  public String description() {
    return "vectors from " + file;
  }

  @Override
  public float[][] load() throws IOException {
    return FvecsReader.readFvecs(file);
  }
}
