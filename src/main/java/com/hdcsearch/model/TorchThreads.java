package com.hdcsearch.model;

/**
 * Sets libtorch's thread pools before the engine starts (DJL reads these properties once). Intra-op threads default
 * to half the cores the JVM sees (at least 1): OpenMP threads spin at a barrier after every op, and when the cores
 * are shared (2-core dev boxes, the JVM's own augmentation and mining threads) a descheduled thread stalls them all;
 * measured on a loaded 2-core box, 1 thread ran a 32x32 training step 2-3x faster than 2, and a tiny step 15x faster.
 * Inter-op threads default to 1: our graphs are a chain of ops with nothing to run side by side.
 */
public final class TorchThreads {
  static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
  static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  private TorchThreads() {}

  /** Idempotent; explicit -D settings win. */
  public static void configure() {
    if (System.getProperty(NUM_THREADS) == null) {
      System.setProperty(NUM_THREADS, Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
    }
    if (System.getProperty(NUM_INTEROP_THREADS) == null) {
      System.setProperty(NUM_INTEROP_THREADS, "1");
    }
  }
}
