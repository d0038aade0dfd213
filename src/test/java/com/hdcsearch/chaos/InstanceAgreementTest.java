package com.hdcsearch.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceAgreementTest {
  private static final Map<String, String> SERVED = Map.of("c-1", "Bag@v2", "c-2", "Shirt@v2", "c-3", "Dress@v2");
  private static final Map<String, List<String>> ANSWERS = Map.of("c-1", List.of("c-3", "c-2"),
      "c-2", List.of("c-1", "c-3"));

  private static InstanceAgreement.View view(String name, String version, int indexed, Map<String, String> served,
      Map<String, List<String>> answers) {
    return new InstanceAgreement.View(name, version, indexed, served, answers);
  }

  @Test
  void theSameCatalogTheSameVersionAndTheSameAnswersAgree() {
    assertEquals(List.of(), InstanceAgreement.differences(List.of(view("a", "v2", 3, SERVED, ANSWERS),
        view("b", "v2", 3, SERVED, ANSWERS))));
    assertEquals(List.of(), InstanceAgreement.differences(List.of(view("a", "v2", 3, SERVED, ANSWERS))),
        "one instance agrees with itself");
  }

  @Test
  void everyKindOfDifferenceIsNamedWithBothSides() {
    Map<String, String> other = new LinkedHashMap<>(SERVED);
    other.put("c-2", "Shirt@v1"); // found under the old version
    other.remove("c-3"); // not found
    other.put("c-9", "Bag@v2"); // found only here
    Map<String, List<String>> answers = Map.of("c-1", List.of("c-2", "c-3"), "c-2", List.of("c-1", "c-3"));
    List<String> d = InstanceAgreement.differences(List.of(view("a", "v2", 3, SERVED, ANSWERS),
        view("b", "v1", 4, other, answers)));
    assertEquals(List.of(
        "serving version a / b: v2 / v1",
        "documents a / b: 3 / 4",
        "item c-2 a / b: Shirt@v2 / Shirt@v1",
        "item c-3 a / b: Dress@v2 / not found",
        "item c-9 a / b: not found / Bag@v2",
        "similar to c-1 a / b: [c-3, c-2] / [c-2, c-3]"), d);
  }

  @Test
  void aProbeOnlyOneInstanceAnsweredIsNotADifference() {
    Map<String, List<String>> fewer = Map.of("c-1", List.of("c-3", "c-2"));
    assertEquals(List.of(), InstanceAgreement.differences(List.of(view("a", "v2", 3, SERVED, ANSWERS),
        view("b", "v2", 3, SERVED, fewer))));
  }

  @Test
  void manyDifferencesAreCutToAFewExamplesAndACount() {
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> b = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      a.put("c-" + i, "Bag@v1");
      b.put("c-" + i, "Coat@v1");
    }
    List<String> d = InstanceAgreement.differences(List.of(view("a", "v1", 12, a, Map.of()),
        view("b", "v1", 12, b, Map.of())));
    assertEquals(InstanceAgreement.EXAMPLES + 1, d.size(), d.toString());
    assertEquals("7 more items differ a / b", d.get(d.size() - 1));
  }

  @Test
  void eachFurtherInstanceIsComparedWithTheFirst() {
    List<String> d = InstanceAgreement.differences(List.of(view("a", "v2", 3, SERVED, ANSWERS),
        view("b", "v2", 3, SERVED, ANSWERS), view("c", "v2", 2, SERVED, ANSWERS)));
    assertEquals(List.of("documents a / c: 3 / 2"), d);
  }

  @Test
  void aClusterCycleSumsItsInstancesChecksAndItsLinesSayTheTarget() {
    CatalogCheck.Result a = new CatalogCheck.Result(10, 1, 0, 2, 1, "v2", List.of("lost c-4 (NEW seq 9)"), 10, SERVED);
    CatalogCheck.Result b = new CatalogCheck.Result(10, 0, 1, 0, 1, "v2", List.of(), 11, SERVED);
    ClusterCycle c = new ClusterCycle(3, new Victim(Victim.Kind.BROKER, 2, CrashPhase.MID_INGEST), "broker-2",
        new PhaseTrigger.Hit(true, Duration.ofMillis(500), "acks"), Duration.ofSeconds(30), Duration.ofSeconds(20),
        Duration.ofMillis(9_400), 12, 12, Duration.ofSeconds(4), List.of("instance-1", "instance-2"), List.of(a, b),
        List.of("documents instance-1 / instance-2: 10 / 11"));
    CatalogCheck.Result all = c.check();
    assertEquals(List.of(10, 1, 1, 2, 1), List.of(all.live(), all.lost(), all.duplicated(), all.stale(),
        all.dlqRepeats()));
    assertEquals(List.of("instance-1: lost c-4 (NEW seq 9)"), all.problems());
    assertTrue(c.stalled());
    assertTrue(!c.agree());
    String line = c.line();
    assertTrue(line.startsWith("chaos cycle 3 target=cluster victim=broker-2 killed=broker-2 phase=mid-ingest hit"),
        line);
    assertTrue(line.contains(" recovery_s=20.0 ingest_stalled=yes ingest_stall_s=9.4 failed_sends=12 resent=12 "),
        line);
    assertTrue(line.contains(" agree=no instance-1[lost=1 duplicated=0 stale=2 documents=10] "
        + "instance-2[lost=0 duplicated=1 stale=0 documents=11] differences=["), line);

    ChaosResult<ClusterCycle> result = new ChaosResult<>(ClusterChaosBench.TARGET);
    result.add(c);
    assertEquals("chaos cycles=1 lost=1 duplicated=1 stale=2 max_recovery_s=20.0 target=cluster",
        result.summaryLine());
    assertEquals("chaos cycles=0 lost=0 duplicated=0 stale=0 max_recovery_s=0.0", new ChaosResult<>().summaryLine(),
        "the embedded broker's last line is as it was");
  }
}
