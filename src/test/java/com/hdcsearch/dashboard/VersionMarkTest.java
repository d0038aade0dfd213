package com.hdcsearch.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.hdcsearch.versions.VersionEvent;
import com.hdcsearch.versions.VersionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The version marks of the dashboard's charts, from the transitions that {@code model.versions} carries. */
class VersionMarkTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  private static VersionEvent event(String id, String parent, VersionStatus status, int second,
      Map<String, Double> metrics, String instance) {
    return new VersionEvent(id, parent, status, status + " " + id, metrics, T0, T0.plusSeconds(second), "/ckpt/" + id,
        0, null, instance);
  }

  @Test
  void marksGateDecisionsWithTheirR1AndEachStatusOnce() {
    Map<String, Double> gate = Map.of("seen.r@1", 0.439, "serving.seen.r@1", 0.386, "unseen.r@1", 0.61,
        "serving.unseen.r@1", 0.64, "train.loss", 1.9);
    List<VersionEvent> events = List.of(
        event("v0", null, VersionStatus.SERVING, 0, Map.of(), "a"),
        event("v0", null, VersionStatus.SERVING, 1, Map.of(), "b"), // the second instance reports the same fact
        event("v1", "v0", VersionStatus.CANDIDATE, 60, Map.of("train.loss", 1.9), "a"),
        event("v1", "v0", VersionStatus.PROMOTED, 70, gate, "a"),
        event("v1", "v0", VersionStatus.SERVING, 80, gate, "a"),
        event("v0", null, VersionStatus.RETIRED, 80, Map.of(), "a"),
        event("v2", "v1", VersionStatus.REJECTED, 130, Map.of("seen.r@1", 0.41, "serving.seen.r@1", 0.44), "a"),
        event("v0", null, VersionStatus.PROMOTED, 200, Map.of(), "operator"), // promoted again by an operator
        event("v0", null, VersionStatus.SERVING, 210, Map.of(), "a"),
        event("v2", "v1", VersionStatus.PROMOTED, 300, Map.of("seen.r@1", 0.41, "serving.seen.r@1", 0.44), "op"));

    List<VersionMark> marks = DashboardResource.marks(events, T0.toEpochMilli() + 50_000);
    assertEquals(List.of("v1 PROMOTED", "v1 SERVING", "v0 RETIRED", "v2 REJECTED", "v0 PROMOTED", "v0 SERVING",
        "v2 PROMOTED"),
        marks.stream().map(m -> m.versionId() + " " + m.status()).toList(),
        "candidates and repeats left out, a return to a status kept, older than the window left out");
    VersionMark promoted = marks.getFirst();
    assertEquals("unseen", promoted.part(), "the unseen part is the gate's primary check when measured");
    assertEquals(0.61, promoted.r1());
    assertEquals(0.64, promoted.servingR1());
    assertEquals(T0.plusSeconds(70).toEpochMilli(), promoted.time());
    VersionMark rejected = marks.get(3);
    assertEquals("seen", rejected.part());
    assertEquals(0.41, rejected.r1());
    assertEquals(0.44, rejected.servingR1());
    assertNull(marks.get(1).r1(), "a SERVING event is no gate decision");
    assertNull(marks.get(4).r1(), "an operator's promotion carries no fresh measurement");
    assertNull(marks.get(6).r1(), "a rejected version promoted by an operator is no gate decision");
    assertNull(marks.get(6).part());
  }
}
