package com.hdcsearch.mining;

/** Triplets of batch rows: anchor, a positive of its class, a negative of another class. */
public record TripletIndices(int[] anchors, int[] positives, int[] negatives) {
  public TripletIndices {
    if (anchors.length != positives.length || anchors.length != negatives.length) {
      throw new IllegalArgumentException("index arrays differ in length: " + anchors.length + "/" + positives.length
          + "/" + negatives.length);
    }
    anchors = anchors.clone();
    positives = positives.clone();
    negatives = negatives.clone();
  }

  public int size() {
    return anchors.length;
  }
}
