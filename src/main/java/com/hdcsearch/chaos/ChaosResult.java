package com.hdcsearch.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The campaign's cycles and its summary line. */
final class ChaosResult {
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
      Duration converge, CatalogCheck.Result check) {
    String line() {
      return String.format(Locale.ROOT, "chaos cycle %d phase=%s %s (%s, after %.1f s) ready_s=%.1f recovery_s=%.1f "
          + "resent=%d converged_s=%.1f live=%d lost=%d duplicated=%d stale=%d dlq_repeats=%d version=%s%s",
          number, phase.label(), hit.hit() ? "hit" : "MISSED", hit.how(), hit.after().toMillis() / 1e3,
          ready.toMillis() / 1e3, recovery.toMillis() / 1e3, resent, converge.toMillis() / 1e3, check.live(),
          check.lost(), check.duplicated(), check.stale(), check.dlqRepeats(), check.version(),
          check.problems().isEmpty() ? "" : " problems=" + check.problems());
    }
  }

  private final List<Cycle> cycles = new ArrayList<>();

  void add(Cycle c) {
    cycles.add(c);
  }

  List<Cycle> cycles() {
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

  /** The last line: {@code chaos cycles=.. lost=.. duplicated=.. stale=.. max_recovery_s=..}. */
  String summaryLine() {
    return String.format(Locale.ROOT, "chaos cycles=%d lost=%d duplicated=%d stale=%d max_recovery_s=%.1f",
        cycles.size(), lost(), duplicated(), stale(), maxRecoverySeconds());
  }
}
