package com.hdcsearch.index;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * The default codec with our HNSW parameters for the vector field. Only writers need it: the per-field format name is
 * recorded in the segment, so any reader opens the index with the default codec.
 */
final class VectorCodec extends Lucene104Codec {
  private final KnnVectorsFormat vectorsFormat;

  VectorCodec(HnswConfig config) {
    // With more than one worker and no executor of its own, the format builds a merged graph on the merge
    // scheduler's intra-merge executor (VectorIndex sizes the scheduler for it).
    int workers = config.mergeWorkers();
    this.vectorsFormat =
        config.quantization() == Quantization.NONE
            ? new Lucene99HnswVectorsFormat(config.maxConn(), config.beamWidth(), workers, null)
            : new Lucene104HnswScalarQuantizedVectorsFormat(
                config.quantization().encoding(), config.maxConn(), config.beamWidth(), workers, null);
  }

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectorsFormat;
  }
}
