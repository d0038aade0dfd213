package com.hdcsearch.soak;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Least-squares slope of a series over time. */
final class Slope {
  private Slope() {}

  /**
   * The slope of {@code value} against {@code seconds}, per hour.
   *
   * @throws IllegalArgumentException with fewer than 2 points or no spread in time
   */
  static <T> double perHour(List<T> points, ToDoubleFunction<T> seconds, ToDoubleFunction<T> value) {
    int n = points.size();
    if (n < 2) {
      throw new IllegalArgumentException("a slope needs at least 2 points, got: " + n);
    }
    double mx = 0;
    double my = 0;
    for (T p : points) {
      mx += seconds.applyAsDouble(p);
      my += value.applyAsDouble(p);
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    for (T p : points) {
      double dx = seconds.applyAsDouble(p) - mx;
      sxy += dx * (value.applyAsDouble(p) - my);
      sxx += dx * dx;
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("the points have no spread in time");
    }
    return sxy / sxx * 3600;
  }
}
