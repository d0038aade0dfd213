package com.hdcsearch.soak;

/**
 * One look at the service's process.
 *
 * @param seconds since the soak started
 * @param rssBytes resident set size ({@code VmRSS} of {@code /proc/PID/status}): heap, libtorch, Lucene's maps
 * @param heapBytes Java heap in use ({@code jvm_memory_used_bytes{area="heap"}} summed over pools)
 * @param openFiles entries of {@code /proc/PID/fd}: files, sockets, pipes
 * @param threads {@code Threads} of {@code /proc/PID/status}
 */
public record ProcessSample(double seconds, long rssBytes, long heapBytes, int openFiles, int threads) {}
