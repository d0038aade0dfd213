package com.hdcsearch.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The scores of one evaluation. JSON: {@code {"recall": {"1": 0.53, ...}, "map_at_r": ..., "nmi": ..., "images": ...,
 * "classes": ..., "queries": ..., "gallery": ..., "seconds": ...}}.
 *
 * @param recall Recall@K as a fraction in [0, 1], by K ascending
 * @param mapAtR MAP@R, NaN if no query has a same-label gallery item
 * @param nmi NMI of k-means clusters (k = number of query classes) against the query labels
 * @param images distinct images evaluated: n for zero-shot, queries + gallery for query-vs-gallery
 * @param classes distinct labels over queries and gallery
 * @param queries number of queries
 * @param gallery number of gallery images
 * @param seconds wall time of the evaluation
 */
@JsonPropertyOrder({"recall", "map_at_r", "nmi", "images", "classes", "queries", "gallery", "seconds"})
public record EvalReport(
    @JsonProperty("recall") SortedMap<Integer, Double> recall,
    @JsonProperty("map_at_r") double mapAtR,
    @JsonProperty("nmi") double nmi,
    @JsonProperty("images") int images,
    @JsonProperty("classes") int classes,
    @JsonProperty("queries") int queries,
    @JsonProperty("gallery") int gallery,
    @JsonProperty("seconds") double seconds) {

  /** Checks the counts and keeps an unmodifiable copy of {@code recall}. */
  public EvalReport {
    if (recall == null || recall.isEmpty()) {
      throw new IllegalArgumentException("recall must hold at least one K, got: " + recall);
    }
    if (images < 1) {
      throw new IllegalArgumentException("images must be at least 1, got: " + images);
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got: " + classes);
    }
    recall = Collections.unmodifiableSortedMap(new TreeMap<>(recall));
  }

  /** Recall@K, or an exception naming the Ks present if {@code k} was not evaluated. */
  public double recallAt(int k) {
    Double value = recall.get(k);
    if (value == null) {
      throw new IllegalArgumentException("K must be one of " + recall.keySet() + ", got: " + k);
    }
    return value;
  }
}
