package com.hdcsearch.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The campaign's cycles and its summary line.
 *
 * @param <C> what one cycle records (against the embedded broker: {@link Cycle})
 */
final class ChaosResult<C extends ChaosResult.Outcome> {
  /** What every cycle records, whatever the target: the summary line is made of these. */
  interface Outcome {
    /** How the phase was recognised (or why not). */
    PhaseTrigger.Hit hit();

    /** Kill to readiness UP. */
    Duration ready();

    /** Kill to the first answered lookup (of the killed instance, when the victim was one). */
    Duration recovery();

    /** The comparison after the restart (with several instances, their sums). */
    CatalogCheck.Result check();

    /** The cycle's line. */
    String line();
  }

  /**
   * One cycle.
   *
   * @param phase where the kill was aimed
   * @param hit how the phase was recognised (or why not)
   * @param ready kill to readiness UP
   * @param recovery kill to the first answered lookup
   * @param resent records in doubt re-sent after the restart
   * @param converge restart to the served catalog matching the log
   * @param check the comparison after the restart
   */
  record Cycle(int number, CrashPhase phase, PhaseTrigger.Hit hit, Duration ready, Duration recovery, int resent,
      Duration converge, CatalogCheck.Result check) implements Outcome {
    @Override
    public String line() {
      return String.format(Locale.ROOT, "chaos cycle %d phase=%s %s (%s, after %.1f s) ready_s=%.1f recovery_s=%.1f "
          + "resent=%d converged_s=%.1f live=%d lost=%d duplicated=%d stale=%d dlq_repeats=%d version=%s%s",
          number, phase.label(), hit.hit() ? "hit" : "MISSED", hit.how(), hit.after().toMillis() / 1e3,
          ready.toMillis() / 1e3, recovery.toMillis() / 1e3, resent, converge.toMillis() / 1e3, check.live(),
          check.lost(), check.duplicated(), check.stale(), check.dlqRepeats(), check.version(),
          check.problems().isEmpty() ? "" : " problems=" + check.problems());
    }
  }

  private final List<C> cycles = new ArrayList<>();
  private final String target;

  /** A result whose summary line names no target (the embedded broker's, as it always was). */
  ChaosResult() {
    this(null);
  }

  /** A result whose summary line ends with {@code target=}{@code target} (null: nothing). */
  ChaosResult(String target) {
    this.target = target;
  }

  void add(C c) {
    cycles.add(c);
  }

  List<C> cycles() {
    return List.copyOf(cycles);
  }

  int lost() {
    return cycles.stream().mapToInt(c -> c.check().lost()).sum();
  }

  int duplicated() {
    return cycles.stream().mapToInt(c -> c.check().duplicated()).sum();
  }

  int stale() {
    return cycles.stream().mapToInt(c -> c.check().stale()).sum();
  }

  int missed() {
    return (int) cycles.stream().filter(c -> !c.hit().hit()).count();
  }

  double maxRecoverySeconds() {
    return cycles.stream().mapToLong(c -> c.recovery().toMillis()).max().orElse(0) / 1e3;
  }

  double maxReadySeconds() {
    return cycles.stream().mapToLong(c -> c.ready().toMillis()).max().orElse(0) / 1e3;
  }

  /**
   * The last line: {@code chaos cycles=.. lost=.. duplicated=.. stale=.. max_recovery_s=..}, then
   * {@code target=..} when the result has one.
   */
  String summaryLine() {
    return String.format(Locale.ROOT, "chaos cycles=%d lost=%d duplicated=%d stale=%d max_recovery_s=%.1f%s",
        cycles.size(), lost(), duplicated(), stale(), maxRecoverySeconds(), target == null ? "" : " target=" + target);
  }
}
