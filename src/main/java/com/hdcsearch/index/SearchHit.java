package com.hdcsearch.index;

/**
 * One result of a similarity search.
 *
 * @param itemId the catalog item
 * @param label its label (may be null)
 * @param score cosine similarity to the query in [-1, 1], higher is closer
 */
public record SearchHit(String itemId, String label, float score) {}
