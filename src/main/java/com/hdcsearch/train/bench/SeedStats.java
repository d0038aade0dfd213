package com.hdcsearch.train.bench;

import java.util.Locale;

/** Mean and sample standard deviation of one figure over seeds; a difference smaller than the spread is a tie. */
public record SeedStats(double mean, double sd, int n) {

  public static SeedStats of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double sq = 0;
    for (double v : values) {
      sq += (v - mean) * (v - mean);
    }
    double sd = values.length > 1 ? Math.sqrt(sq / (values.length - 1)) : 0;
    return new SeedStats(mean, sd, values.length);
  }

  /** {@code 41.2 ± 0.8} in percent of a [0, 1] figure; the mean alone for one seed. */
  public String percent() {
    return n > 1 ? String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * sd)
        : String.format(Locale.ROOT, "%.1f", 100 * mean);
  }
}
