package com.hdcsearch.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One cycle of the cluster campaign.
 *
 * @param number from 1
 * @param victim whom it killed
 * @param killed the instance or broker actually killed ({@code instance-2}, {@code broker-1})
 * @param hit how the phase was recognised (or why not)
 * @param ready kill to readiness UP of every instance
 * @param recovery kill to the killed instance's first answered lookup (it is started again at once); for a broker,
 *     its restart (after {@link ClusterChaosOptions#brokerDown()}) to every partition of the catalog back at full
 *     replication
 * @param stall the longest time from the kill until the producer stopped without any acknowledgement
 * @param failedSends records whose send failed in the cycle (their fate in doubt until re-sent)
 * @param resent records re-sent after the restart
 * @param converge restart to every instance matching the log and agreeing
 * @param instances the live instances' names, in the order of {@code checks}
 * @param checks the comparison with the producer's log on each instance
 * @param differences between the instances ({@link InstanceAgreement}); empty: they agree
 */
record ClusterCycle(int number, Victim victim, String killed, PhaseTrigger.Hit hit, Duration ready, Duration recovery,
    Duration stall, int failedSends, int resent, Duration converge, List<String> instances,
    List<CatalogCheck.Result> checks, List<String> differences) implements ChaosResult.Outcome {
  /** A longer pause between acknowledgements than this counts as a stall (at 15 records/s they come every 67 ms). */
  static final Duration STALL = Duration.ofSeconds(1);

  ClusterCycle {
    instances = List.copyOf(instances);
    checks = List.copyOf(checks);
    differences = List.copyOf(differences);
    if (instances.size() != checks.size()) {
      throw new IllegalArgumentException(instances.size() + " instances for " + checks.size() + " checks");
    }
  }

  boolean stalled() {
    return stall.compareTo(STALL) > 0;
  }

  boolean agree() {
    return differences.isEmpty();
  }

  /** The checks of all instances together: lost, duplicated and stale counted on each, live and letters once. */
  @Override
  public CatalogCheck.Result check() {
    int live = 0;
    int lost = 0;
    int duplicated = 0;
    int stale = 0;
    int repeats = 0;
    int indexed = 0;
    Set<String> versions = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      CatalogCheck.Result r = checks.get(i);
      live = Math.max(live, r.live());
      lost += r.lost();
      duplicated += r.duplicated();
      stale += r.stale();
      repeats = Math.max(repeats, r.dlqRepeats());
      indexed = Math.max(indexed, r.indexed());
      versions.add(String.valueOf(r.version()));
      for (String p : r.problems()) {
        problems.add(instances.get(i) + ": " + p);
      }
    }
    return new CatalogCheck.Result(live, lost, duplicated, stale, repeats, String.join("/", versions), problems,
        indexed, Map.of());
  }

  @Override
  public String line() {
    CatalogCheck.Result all = check();
    StringBuilder each = new StringBuilder();
    for (int i = 0; i < checks.size(); i++) {
      CatalogCheck.Result r = checks.get(i);
      each.append(i == 0 ? "" : " ").append(instances.get(i)).append(String.format(Locale.ROOT,
          "[lost=%d duplicated=%d stale=%d documents=%d]", r.lost(), r.duplicated(), r.stale(), r.indexed()));
    }
    return String.format(Locale.ROOT, "chaos cycle %d target=cluster victim=%s killed=%s phase=%s %s (%s, after %.1f s)"
        + " ready_s=%.1f recovery_s=%.1f ingest_stalled=%s ingest_stall_s=%.1f failed_sends=%d resent=%d"
        + " converged_s=%.1f live=%d lost=%d duplicated=%d stale=%d dlq_repeats=%d version=%s agree=%s %s%s%s",
        number, victim.label(), killed, victim.phase().label(), hit.hit() ? "hit" : "MISSED", hit.how(),
        hit.after().toMillis() / 1e3, ready.toMillis() / 1e3, recovery.toMillis() / 1e3, stalled() ? "yes" : "no",
        stall.toMillis() / 1e3, failedSends, resent, converge.toMillis() / 1e3, all.live(), all.lost(),
        all.duplicated(), all.stale(), all.dlqRepeats(), all.version(), agree() ? "yes" : "no", each,
        differences.isEmpty() ? "" : " differences=" + differences,
        all.problems().isEmpty() ? "" : " problems=" + all.problems());
  }
}
