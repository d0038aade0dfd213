package com.hdcsearch.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One self-overwriting line on a terminal stream: bar, step, loss, each level's hard share, images/s and ETA.
 * Redraws at most every {@link #REDRAW_MILLIS} ms and on the last step, then ends the line.
 */
public final class ProgressBar implements TrainingListener {
  public static final long REDRAW_MILLIS = 250;
  private static final int WIDTH = 24;

  private final PrintStream out;
  private long lastDraw;

  public ProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onStep(StepRecord r) {
    long now = System.currentTimeMillis();
    boolean last = r.step() + 1 == r.totalSteps();
    if (!last && now - lastDraw < REDRAW_MILLIS) {
      return;
    }
    lastDraw = now;
    out.print('\r' + line(r) + (last ? "\n" : ""));
    out.flush();
  }

  /** The line for one step (without carriage return). */
  public static String line(StepRecord r) {
    int done = r.step() + 1;
    int filled = (int) ((long) WIDTH * done / r.totalSteps());
    StringBuilder s = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(WIDTH - filled))
        .append("] ").append(done).append('/').append(r.totalSteps())
        .append(String.format(Locale.ROOT, " loss %.3f hard", r.loss()));
    for (LevelStats l : r.levels()) {
      s.append(String.format(Locale.ROOT, " L%d %.2f", l.level() + 1, l.hardShare()));
    }
    double perStep = r.elapsedSeconds() / done;
    long eta = Math.round(perStep * (r.totalSteps() - done));
    s.append(String.format(Locale.ROOT, " | %.0f img/s | ETA %dm%02ds ", r.imagesPerSecond(), eta / 60, eta % 60));
    return s.toString();
  }
}
