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

  /**
   * Asks for {@code intraOp} libtorch threads; must run before the engine starts (the first tensor), else DJL has
   * already read the setting.
   */
  public static void configure(int intraOp) {
    if (intraOp < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got: " + intraOp);
    }
    System.setProperty(NUM_THREADS, Integer.toString(intraOp));
    configure();
  }

  /**
   * Asks for {@code intraOp} libtorch threads unless {@code -Dai.djl.pytorch.num_threads} is set: the service's thread
   * budget, where an explicit setting wins. Must run before the engine starts.
   */
  public static void configureDefault(int intraOp) {
    if (intraOp < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got: " + intraOp);
    }
    if (System.getProperty(NUM_THREADS) == null) {
      System.setProperty(NUM_THREADS, Integer.toString(intraOp));
    }
    configure();
  }

  /**
   * Threads for a training run: {@code requested} if given, else an explicit {@code -Dai.djl.pytorch.num_threads},
   * else 1. One thread is the default because only then is training bit-reproducible from its seed: with more,
   * libtorch's parallel backward sums in a varying order (measured: 20 steps at 64 px, same seed, 2 threads gave
   * loss 1.246 and 1.240; 1 thread 1.244 twice). Inference gives the same numbers at any fixed thread count.
   */
  public static void configureForTraining(Integer requested) {
    if (requested != null) {
      configure(requested);
    } else if (System.getProperty(NUM_THREADS) == null) {
      configure(1);
    } else {
      configure();
    }
  }

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
