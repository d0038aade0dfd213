package com.hdcsearch.mining;

/** How the levels of a cascade choose their pairs (see docs/hdc-method.md). */
public enum MiningVariant {
  /** Level k+1 ranks only the pairs level k kept (the paper). */
  CASCADE,
  /** Every level ranks all pairs of the batch (the released code). */
  INDEPENDENT
}
