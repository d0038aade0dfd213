package com.hdcsearch.train;

import java.util.Locale;

/** What is trained: HDC's cascade, or a one-level baseline on the last level of the same network. */
public enum Method {
  /** All levels, hard-aware cascade mining, contrastive loss per level. */
  HDC,
  /** Last level only, all pairs, the same contrastive loss. */
  CONTRASTIVE,
  /** Last level only, semi-hard triplets, triplet margin loss. */
  TRIPLET,
  /** Last level only, multi-similarity miner and loss. */
  MS;

  /** Parses the CLI name (case-insensitive). */
  public static Method parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("method must be hdc, contrastive, triplet or ms, got: " + name, e);
    }
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
