package com.hdcsearch.index.bench;

/**
 * One engine at one search effort in the side-by-side ANN table.
 *
 * @param engine lucene-none, lucene-int7, lucene-int4, hnswlib or faiss
 * @param effort candidates explored per query (Lucene's k + fanout, the peers' ef)
 * @param recall recall@k against the exact neighbours
 * @param qps queries per second on one thread
 * @param cpuQps queries per second of the searching thread's CPU time (steady on shared cores)
 * @param buildSeconds building the whole index (Lucene: upserts, force-merge to one segment, commit)
 */
public record PeerRow(String engine, int effort, double recall, double qps, double cpuQps, double buildSeconds) {}
