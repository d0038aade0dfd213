package com.hdcsearch.serving;

/** The steps of a {@link ModelSwap}, in order. Everything before {@link #SWITCH} is built aside and undone on failure. */
public enum SwapStep {
  /** Open (or resume) the incoming version's index in its own directory. */
  OPEN_INDEX,
  /** Start applying {@code catalog.embeddings} of the incoming version to it. */
  START_UPDATER,
  /** Ingest embeds every change with both versions; the stream tasks back-fill the catalog into the new index. */
  EMBED_BOTH,
  /** Wait until the incoming index holds every item the serving one holds. */
  AWAIT_COMPLETE,
  /** Commit the incoming index with its offsets. */
  COMMIT,
  /** One reference swap: searches and ingest move to the incoming version; the old one retires after its last search. */
  SWITCH
}
