package com.hdcsearch.model;

/**
 * Sets libtorch's thread pools before the engine starts (DJL reads these properties once). Intra-op threads default
 * to the cores the JVM sees; inter-op to 1, because our graphs are a chain of ops with nothing to run side by side.
 */
public final class TorchThreads {
  static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
  static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  private TorchThreads() {}

  /** Idempotent; explicit -D settings win. */
  public static void configure() {
    if (System.getProperty(NUM_THREADS) == null) {
      System.setProperty(NUM_THREADS, Integer.toString(Runtime.getRuntime().availableProcessors()));
    }
    if (System.getProperty(NUM_INTEROP_THREADS) == null) {
      System.setProperty(NUM_INTEROP_THREADS, "1");
    }
  }
}
