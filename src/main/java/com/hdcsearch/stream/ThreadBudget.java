package com.hdcsearch.stream;

/**
 * The split of the cores: {@code trainer} and {@code index} cores are kept aside, ingest gets the rest as stream
 * threads (at least one), and every libtorch call uses {@code torch} threads. Ingest threads embed at the same time
 * (the embedder takes no global lock), so with the trainer off ingest uses every core.
 *
 * @param cores cores split
 * @param torch libtorch intra-op threads per call
 * @param ingest stream threads
 * @param trainer cores kept for the online trainer (0 when it does not run here)
 * @param index cores kept for the index
 */
public record ThreadBudget(int cores, int torch, int ingest, int trainer, int index) {
  /** Cores from which one is kept for the index by default. */
  static final int INDEX_CORE_FROM = 4;

  public ThreadBudget {
    if (cores < 1 || torch < 1 || ingest < 1 || trainer < 0 || index < 0) {
      throw new IllegalArgumentException("thread budget needs cores, torch and ingest of at least 1 and no negative "
          + "share, got: cores=" + cores + " torch=" + torch + " ingest=" + ingest + " trainer=" + trainer + " index="
          + index);
    }
  }

  /**
   * The budget of {@code settings} on {@code availableCores}.
   *
   * @param trainerRuns whether the online trainer runs on this instance
   */
  public static ThreadBudget of(ThreadSettings settings, int availableCores, boolean trainerRuns) {
    int cores = settings.cores().orElse(availableCores);
    if (cores < 1) {
      throw new IllegalArgumentException("hdc.threads.cores must be at least 1, got: " + cores);
    }
    int trainer = trainerRuns ? settings.trainer().orElse(1) : 0;
    int index = settings.index().orElse(cores >= INDEX_CORE_FROM ? 1 : 0);
    int ingest = settings.ingest().orElse(Math.max(1, cores - trainer - index));
    if (ingest < 1) {
      throw new IllegalArgumentException("hdc.threads.ingest must be at least 1, got: " + ingest);
    }
    if (settings.torch() < 1) {
      throw new IllegalArgumentException("hdc.threads.torch must be at least 1, got: " + settings.torch());
    }
    return new ThreadBudget(cores, settings.torch(), ingest, trainer, index);
  }

  @Override
  public String toString() {
    return cores + " cores: ingest " + ingest + " stream threads x " + torch + " libtorch thread(s), trainer "
        + trainer + ", index " + index;
  }
}
