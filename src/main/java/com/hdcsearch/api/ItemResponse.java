package com.hdcsearch.api;

/**
 * An indexed item.
 *
 * @param itemId catalog item id
 * @param label its label
 * @param modelVersion the model of its vector
 * @param dimension length of its vector
 */
public record ItemResponse(String itemId, String label, String modelVersion, int dimension) {}
