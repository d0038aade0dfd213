package com.hdcsearch.index;

/** A vector or an index directory of one model version was offered to an index bound to another. */
public final class ModelVersionMismatchException extends IllegalArgumentException {
  private final String expected;
  private final String actual;

  public ModelVersionMismatchException(String expected, String actual, String what) {
    super(what + " has model version '" + actual + "' but this index serves model version '" + expected
        + "'; vectors of two model versions are never mixed (build a new index for the new version)");
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
