package com.hdcsearch.api;

import java.util.List;

/**
 * Similar items, best first.
 *
 * @param modelVersion the model whose vectors were compared
 * @param results the hits, best first
 */
public record SearchResponse(String modelVersion, List<Result> results) {
  /**
   * One similar item.
   *
   * @param itemId catalog item id
   * @param label its label
   * @param score cosine similarity in [-1, 1]
   */
  public record Result(String itemId, String label, float score) {}
}
