package com.hdcsearch.index.bench;

/** Test seeds: from -Dtests.seed when given, else the clock; always printed so that a failure can be replayed. */
final class BenchSeeds {
  private BenchSeeds() {}

  static long seed(String test) {
    String fixed = System.getProperty("tests.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    System.out.println(test + ": -Dtests.seed=" + seed);
    return seed;
  }
}
