package com.hdcsearch.index;

import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/** How the HNSW graph stores vectors for scoring: full floats, or scalar-quantized codes beside the raw floats. */
public enum Quantization {
  /** 4 bytes per dimension; exact scores during graph search. */
  NONE(null),
  /** One byte per dimension (7 bits used): about 4x less memory for the scored codes, small recall loss. */
  INT7(ScalarEncoding.SEVEN_BIT),
  /** Half a byte per dimension: about 8x less memory for the scored codes, larger recall loss. */
  INT4(ScalarEncoding.PACKED_NIBBLE),
  /**
   * Two bits per dimension, the query at four (asymmetric): 16x less memory for the scored codes; graph scores are
   * bit counts, so it needs more candidates re-ranked on the floats for the same recall.
   */
  INT2(ScalarEncoding.DIBIT_QUERY_NIBBLE),
  /**
   * One bit per dimension, the query at four (Lucene's "better binary quantization"): 32x less memory for the scored
   * codes, the cheapest graph scores and the roughest; only useful with many candidates re-ranked on the floats.
   */
  INT1(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE);

  private final ScalarEncoding encoding;

  Quantization(ScalarEncoding encoding) {
    this.encoding = encoding;
  }

  /** Lucene's encoding, or null for {@link #NONE}. */
  ScalarEncoding encoding() {
    return encoding;
  }
}
