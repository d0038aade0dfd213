package com.hdcsearch.index.bench;

/**
 * One variant at one search effort.
 *
 * @param candidates candidates explored per query ({@code k + fanout})
 * @param recall mean recall@k against the exact neighbours, in [0, 1]
 * @param qpsOneThread queries per second, one thread
 * @param qpsAllThreads queries per second, the configured worker threads together
 * @param p50Millis median single-thread latency
 * @param p99Millis 99th-percentile single-thread latency
 * @param qpsPerCpuSecond single-thread queries per second of the searching thread's CPU time (steady when the
 *     cores are shared, where wall-time rates are not)
 */
public record EffortResult(int candidates, double recall, double qpsOneThread, double qpsAllThreads, double p50Millis,
    double p99Millis, double qpsPerCpuSecond) {}
