package com.hdcsearch.train;

/**
 * What one level did in one step.
 *
 * @param level 0-based, shallow to deep
 * @param pairsSeen candidate pairs (or triplets) the level ranked
 * @param pairsKept pairs it kept and learned from
 * @param hardShare share of kept pairs with non-zero loss
 * @param loss the level's reduced loss
 */
public record LevelStats(int level, int pairsSeen, int pairsKept, double hardShare, float loss) {}
