package com.hdcsearch.train.bench;

/**
 * One trainer's speed at one thread count, measured over the steps after warm-up.
 *
 * @param engine "jvm" or "torch"
 * @param threads intra-op threads
 * @param imagesPerSecond images of the timed steps over their time
 * @param stepMillis mean time of a timed step
 * @param firstLoss loss of the first step (warm-up included), a check that both trained the same problem
 * @param lastLoss loss of the last step
 */
public record TrainSpeed(String engine, int threads, double imagesPerSecond, double stepMillis, double firstLoss,
    double lastLoss) {}
