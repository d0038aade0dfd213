package com.hdcsearch.api;

import java.util.Map;

/**
 * The serving model and the state of its index and ingest.
 *
 * @param modelVersion the serving model version
 * @param dimension its embedding length
 * @param indexedItems searchable items
 * @param index HNSW settings and refresh figures
 * @param ingest pipeline counters and latencies
 */
public record ModelResponse(String modelVersion, int dimension, int indexedItems, Map<String, Object> index,
    Map<String, Object> ingest) {}
