package com.hdcsearch.dashboard;

import com.hdcsearch.versions.VersionEvent;
import com.hdcsearch.versions.VersionStatus;
import java.util.Map;

/**
 * One transition of a model version, as the dashboard marks it on its charts: a gate decision (PROMOTED or REJECTED
 * with the held-out R@1 of the candidate and of the version it was compared with), a version that starts serving, an
 * operator's promotion or a rollback.
 *
 * @param time epoch milliseconds
 * @param versionId the version
 * @param parent the version it was trained from, or null
 * @param status the status it moved to
 * @param reason why, for people
 * @param part which held-out part {@code r1} and {@code servingR1} were measured on ("unseen" or "seen"), or null
 * @param r1 the version's held-out R@1 at this decision, or null
 * @param servingR1 the R@1 of the version it was compared with, on the same held-out snapshot, or null
 */
public record VersionMark(long time, String versionId, String parent, VersionStatus status, String reason,
    String part, Double r1, Double servingR1) {

  private static final String R1 = ".r@1";
  private static final String SERVING = "serving.";

  /**
   * The mark of {@code event}; when it is the gate's decision, with R@1 on the unseen classes when the gate measured
   * them, else on the seen ones.
   *
   * @param decision whether the event is the gate's decision on a candidate (not, e.g., an operator's promotion of a
   *     rejected version, which still carries the metrics of its rejection)
   */
  static VersionMark of(VersionEvent event, boolean decision) {
    Map<String, Double> m = event.metrics();
    String part = null;
    for (String p : new String[] {"unseen", "seen"}) {
      if (m.containsKey(p + R1) && m.containsKey(SERVING + p + R1)) {
        part = p;
        break;
      }
    }
    boolean gate = decision && part != null
        && (event.status() == VersionStatus.PROMOTED || event.status() == VersionStatus.REJECTED);
    return new VersionMark(event.eventTime() == null ? 0 : event.eventTime().toEpochMilli(), event.versionId(),
        event.parent(), event.status(), event.reason(), gate ? part : null, gate ? m.get(part + R1) : null,
        gate ? m.get(SERVING + part + R1) : null);
  }
}
