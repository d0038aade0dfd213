package com.hdcsearch.mining;

/** How the levels of a cascade choose their pairs (see the method notes, shared/docs/hdc-method.md). */
public enum MiningVariant {
  /** Level k+1 ranks only the pairs level k kept (the paper). */
  CASCADE,
  /** Every level ranks all pairs of the batch (the released code). */
  INDEPENDENT,
  /**
   * Levels 1..L-1 as in {@link #CASCADE}; the last level ranks all pairs of the batch (its keep ratio applies to
   * them), so the cascade never takes supervision away from the final level. A hybrid, not the paper's cascade.
   * With three levels and a first keep ratio of 1 (the defaults) it keeps exactly the pairs of {@link #INDEPENDENT}:
   * level 2 then sees all pairs either way.
   */
  CASCADE_FULL_LAST
}
