package com.hdcsearch.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line text progress bar redrawn in place on a terminal stream: done/total, rate, ETA and a free-form suffix. */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;

  public ProgressBar(PrintStream out, String label, long total) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, got: " + total);
    }
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /** Redraws at most five times a second, and always at the end. */
  public void update(long done, String suffix) {
    long now = System.nanoTime();
    if (done < total && now - lastDrawNanos < REDRAW_NANOS) {
      return;
    }
    lastDrawNanos = now;
    out.print('\r' + render(done, (now - startNanos) / 1e9, suffix));
    if (done >= total) {
      out.println();
    }
    out.flush();
  }

  /** The line for {@code done} items after {@code seconds}. */
  String render(long done, double seconds, String suffix) {
    double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    double rate = seconds > 0 ? done / seconds : 0;
    double eta = rate > 0 ? (total - done) / rate : Double.NaN;
    return String.format(Locale.ROOT, "%s [%s%s] %d/%d %3.0f%% %.0f/s ETA %s%s", label, "#".repeat(filled),
        ".".repeat(WIDTH - filled), done, total, fraction * 100, rate, formatSeconds(eta),
        suffix == null || suffix.isEmpty() ? "" : " " + suffix);
  }

  static String formatSeconds(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "--:--";
    }
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }
}
