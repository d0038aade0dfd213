package com.hdcsearch.index.bench;

import java.io.IOException;

/**
 * Where the index bench gets its vectors: an fvecs file, a synthetic generator, or (to plug in) the catalog's
 * embeddings. The bench normalises whatever it gets to unit length.
 */
public interface VectorSource {
  /** One line for the report saying what the vectors are, and plainly whether they are synthetic. */
  String description();

  /** Loads every vector (one shared dimension). */
  float[][] load() throws IOException;
}
