package com.hdcsearch.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A soak's settings.
 *
 * @param duration how long the service runs under load
 * @param warmup the first part, left out of the slopes (JIT, libtorch's arenas, the catalog's first load)
 * @param seed the catalog's changes and the lookups
 * @param catalogSize items in the catalog (it keeps that size: deleted items come back)
 * @param rate records per second streamed after the first load
 * @param lookupThreads threads looking up similar items
 * @param lookupPause pause between one thread's lookups
 * @param sampleEvery time between samples of the process
 * @param bounds the slopes it passes with
 * @param service further {@code -D} settings of the child service
 * @param jar the packaged service
 * @param home the service's home; null = a new temporary one
 * @param keepHome keep the home at the end
 */
public record SoakOptions(Duration duration, Duration warmup, long seed, int catalogSize, double rate,
    int lookupThreads, Duration lookupPause, Duration sampleEvery, SoakBounds bounds, Map<String, String> service,
    Path jar, Path home, boolean keepHome) {
  public SoakOptions {
    if (warmup.compareTo(duration) >= 0) {
      throw new IllegalArgumentException("the warm-up (" + warmup + ") must be shorter than the soak ("
          + duration + ")");
    }
    if (catalogSize < 10) {
      throw new IllegalArgumentException("catalog size must be at least 10, got: " + catalogSize);
    }
    service = Map.copyOf(service);
  }
}
