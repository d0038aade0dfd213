package com.hdcsearch.eval;

import java.util.HashMap;
import java.util.Map;

/** Labels renumbered to 0..classes-1 in order of first appearance, so that counts fit in plain arrays. */
record DenseLabels(int[] ids, int classes) {

  /** Renumbers {@code labels}, which may be any ints (class ids 101..200, hashes). */
  static DenseLabels of(int[] labels) {
    Map<Integer, Integer> dense = new HashMap<>();
    int[] ids = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      ids[i] = dense.computeIfAbsent(labels[i], unused -> dense.size());
    }
    return new DenseLabels(ids, dense.size());
  }

  /** Number of occurrences of each label in {@code labels}. */
  static Map<Integer, Integer> counts(int[] labels) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int label : labels) {
      counts.merge(label, 1, Integer::sum);
    }
    return counts;
  }
}
