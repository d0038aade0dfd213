package com.hdcsearch.mining;

/** How the levels of a cascade choose their pairs (see docs/hdc-method.md). */
public enum MiningVariant {
  /** Level k+1 ranks only the pairs level k kept (the paper). */
  CASCADE,
  /** Every level ranks all pairs of the batch (the released code). */
  INDEPENDENT,
  /**
   * Levels 1..L-1 as in {@link #CASCADE}; the last level ranks all pairs of the batch (its keep ratio applies to
   * them), so the cascade never takes supervision away from the final level. A hybrid, not the paper's cascade.
   */
  CASCADE_FULL_LAST
}
