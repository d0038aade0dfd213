package com.hdcsearch.index.bench;

import com.hdcsearch.index.Quantization;
import java.util.List;
import java.util.Locale;

/**
 * One index variant: how it was built and what it costs, and its results over the effort sweep.
 *
 * @param quantization the variant
 * @param vectors indexed vectors
 * @param dimension vector length
 * @param buildSeconds upserts, force-merge to one segment and commit
 * @param indexBytes all files of the committed one-segment index
 * @param searchBytes the graph plus the vectors it scores (what should stay in the page cache), -1 if unknown
 * @param efforts one result per effort, in sweep order
 */
public record VariantResult(Quantization quantization, int vectors, int dimension, double buildSeconds,
    long indexBytes, long searchBytes, List<EffortResult> efforts) {
  public VariantResult {
    efforts = List.copyOf(efforts);
  }

  /** Lower-case name for reports: none, int7, int4, int2, int1. */
  public String name() {
    return quantization.name().toLowerCase(Locale.ROOT);
  }

  /** Index bytes on disk per vector. */
  public double bytesPerVector() {
    return (double) indexBytes / vectors;
  }

  /** Graph plus scored-vector bytes per vector, NaN if unknown. */
  public double searchBytesPerVector() {
    return searchBytes < 0 ? Double.NaN : (double) searchBytes / vectors;
  }

  /** Bytes of one raw float vector, for comparison. */
  public int rawFloatBytesPerVector() {
    return Float.BYTES * dimension;
  }

  /** The result at {@code candidates}. */
  public EffortResult at(int candidates) {
    return efforts.stream().filter(e -> e.candidates() == candidates).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no result at candidates " + candidates));
  }
}
