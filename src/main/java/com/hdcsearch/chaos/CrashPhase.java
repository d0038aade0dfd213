package com.hdcsearch.chaos;

/** Where in its work the crash campaign kills the service; {@link PhaseTrigger} says how each is recognised. */
public enum CrashPhase {
  /** The producer is sending and the service is taking records in (acknowledged, not all searchable yet). */
  MID_INGEST("mid-ingest"),
  /** A micro-batch is embedded and none of its vectors is written yet (the {@code phase hold: embed-batch} line). */
  EMBED_BATCH("embed-batch"),
  /** Between Lucene's two commit phases (the {@code phase hold: index-commit} line). */
  INDEX_COMMIT("index-commit"),
  /** The online trainer is stepping ({@code /api/training}: state TRAINING, its step count moving). */
  TRAINING("training"),
  /** A re-embed into the next version's index is under way ({@code /api/model/versions}: target != serving). */
  SWAP("swap");

  private final String label;

  CrashPhase(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The phase of a label ({@code --phases embed-batch,swap}). */
  public static CrashPhase of(String label) {
    for (CrashPhase p : values()) {
      if (p.label.equals(label.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown crash phase '" + label + "'; known: mid-ingest, embed-batch, "
        + "index-commit, training, swap");
  }
}
