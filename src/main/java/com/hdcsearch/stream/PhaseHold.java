package com.hdcsearch.stream;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A hook for crash campaigns ({@code hdc bench chaos}): when on, the ingest pipeline logs a line as it enters one of
 * the short {@link Phase}s and stays in it for {@link #duration()}, so that a kill -9 sent on that line lands inside
 * the phase. Off by default ({@code hdc.stream.phase-hold=0}): then it does nothing and costs nothing.
 */
public final class PhaseHold {
  /** The prefix of the log line; the campaign watches the log for it. */
  public static final String LOG_MARK = "phase hold: ";
  /** Off. */
  public static final PhaseHold NONE = new PhaseHold(Duration.ZERO);
  private static final Logger LOG = Logger.getLogger(PhaseHold.class);

  /** The phases the pipeline passes through too quickly to be hit from outside without a hold. */
  public enum Phase {
    /** A micro-batch has been embedded and none of its vectors has been written yet. */
    EMBED_BATCH("embed-batch"),
    /** An index commit is prepared (Lucene's first phase) and not yet completed. */
    INDEX_COMMIT("index-commit");

    private final String mark;

    Phase(String mark) {
      this.mark = mark;
    }

    /** Its name in the log line: {@code phase hold: embed-batch}. */
    public String mark() {
      return mark;
    }
  }

  private final Duration duration;

  /** A hold of {@code duration} in each phase; zero = off. */
  public PhaseHold(Duration duration) {
    if (duration == null || duration.isNegative()) {
      throw new IllegalArgumentException("hdc.stream.phase-hold must be 0 or positive, got: " + duration);
    }
    this.duration = duration;
  }

  public Duration duration() {
    return duration;
  }

  /** Logs the phase and waits out the hold (nothing when off); an interrupt ends the wait and stays set. */
  public void hold(Phase phase) {
    if (duration.isZero()) {
      return;
    }
    LOG.infof("%s%s (%d ms)", LOG_MARK, phase.mark(), duration.toMillis());
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
