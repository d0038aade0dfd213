package com.hdcsearch.load;

import java.time.Duration;

/**
 * What a simulation runs against and how hard, from system properties (run.sh sets them; every one has a default
 * for a service started by {@code ./hdc demo} on localhost:8080).
 *
 * @param baseUrl the service, e.g. http://127.0.0.1:8080
 * @param rate requests started per second (open model: arrivals do not wait for answers)
 * @param duration how long the rate is held, after a ramp of {@link #ramp}
 * @param ramp the ramp from 1 request/s to the rate (lets the JIT and the connection pool warm up)
 * @param items how many catalog items exist to look up: ids {@code idPrefix + 0 .. items - 1}
 * @param idPrefix the prefix of the catalog's item ids ({@code ./hdc produce}: dataset-split-)
 * @param seed seeds the choice of ids and images, so two runs send the same requests
 * @param k neighbours asked for
 */
record LoadSettings(String baseUrl, int rate, Duration duration, Duration ramp, int items, String idPrefix, long seed,
    int k) {

  LoadSettings {
    if (rate < 1) {
      throw new IllegalArgumentException("hdc.load.rate must be at least 1, got: " + rate);
    }
    if (items < 1) {
      throw new IllegalArgumentException("hdc.load.items must be at least 1, got: " + items);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("hdc.load.seconds must be positive, got: " + duration.toSeconds());
    }
  }

  static LoadSettings fromSystemProperties(int defaultRate) {
    return new LoadSettings(
        System.getProperty("hdc.load.url", "http://127.0.0.1:8080"),
        Integer.getInteger("hdc.load.rate", defaultRate),
        Duration.ofSeconds(Integer.getInteger("hdc.load.seconds", 30)),
        Duration.ofSeconds(Integer.getInteger("hdc.load.ramp-seconds", 5)),
        Integer.getInteger("hdc.load.items", 10_000),
        System.getProperty("hdc.load.id-prefix", "fashion-mnist-train-"),
        Long.getLong("hdc.load.seed", 1),
        Integer.getInteger("hdc.load.k", 10));
  }
}
