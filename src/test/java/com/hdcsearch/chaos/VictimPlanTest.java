package com.hdcsearch.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VictimPlanTest {
  private static final List<CrashPhase> ALL = List.of(CrashPhase.values());

  @Test
  void theSameSeedDrawsTheSamePlanAndAnotherSeedAnother() {
    assertEquals(VictimPlan.draw(20, ALL, 2, 3, 1), VictimPlan.draw(20, ALL, 2, 3, 1));
    assertNotEquals(VictimPlan.draw(20, ALL, 2, 3, 1), VictimPlan.draw(20, ALL, 2, 3, 2));
  }

  @Test
  void halfTheKillsAreBrokersAndEachVictimComesAboutEquallyOften() {
    long seed = new Random().nextLong();
    List<Victim> plan = VictimPlan.draw(20, ALL, 2, 3, seed);
    String why = "seed " + seed + ": " + plan;
    assertEquals(20, plan.size(), why);
    List<Victim> brokers = plan.stream().filter(v -> v.kind() == Victim.Kind.BROKER).toList();
    assertEquals(10, brokers.size(), why);
    assertTrue(brokers.stream().allMatch(v -> v.phase() == CrashPhase.MID_INGEST && v.id() >= 1 && v.id() <= 3), why);
    assertAboutEqual(count(brokers, Victim::id), 3, why);
    List<Victim> services = plan.stream().filter(v -> v.kind() != Victim.Kind.BROKER).toList();
    assertAboutEqual(count(services, Victim::phase), ALL.size(), why); // 10 kills over 5 phases: 2 each
    for (Victim v : services) {
      assertEquals(VictimPlan.onTrainer(v.phase()), v.kind() == Victim.Kind.TRAINER, why);
    }
    List<Victim> numbered = services.stream().filter(v -> v.kind() == Victim.Kind.INSTANCE).toList();
    assertTrue(numbered.stream().allMatch(v -> v.id() == 1 || v.id() == 2), why);
    assertAboutEqual(count(numbered, Victim::id), 2, why);
  }

  @Test
  void instanceKillsTakeOnlyTheGivenPhases() {
    List<CrashPhase> only = List.of(CrashPhase.MID_INGEST, CrashPhase.INDEX_COMMIT);
    for (Victim v : VictimPlan.draw(9, only, 2, 3, 7)) {
      assertTrue(v.kind() == Victim.Kind.BROKER || only.contains(v.phase()), v.toString());
      assertNotEquals(Victim.Kind.TRAINER, v.kind(), v.toString());
    }
  }

  @Test
  void aSingleCycleKillsAnInstance() {
    for (long seed = 0; seed < 20; seed++) {
      assertNotEquals(Victim.Kind.BROKER, VictimPlan.draw(1, ALL, 2, 3, seed).get(0).kind(), "seed " + seed);
    }
  }

  @Test
  void pinnedSeedOneForFourCycles() {
    // The plan of the run in the README (`--cycles 4 --seed 1`, the campaign's phase stream): a regression pin.
    assertEquals(List.of(new Victim(Victim.Kind.TRAINER, 0, CrashPhase.SWAP),
        new Victim(Victim.Kind.BROKER, 2, CrashPhase.MID_INGEST), new Victim(Victim.Kind.BROKER, 3, CrashPhase.MID_INGEST),
        new Victim(Victim.Kind.INSTANCE, 1, CrashPhase.INDEX_COMMIT)),
        VictimPlan.draw(4, ALL, 2, 3, 1 ^ ChaosBench.PHASE_STREAM));
  }

  @Test
  void badArgumentsAreRejectedWithTheValue() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> VictimPlan.draw(0, ALL, 2, 3, 1)).getMessage()
        .contains("got: 0"));
    assertThrows(IllegalArgumentException.class, () -> VictimPlan.draw(4, List.of(), 2, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> VictimPlan.draw(4, ALL, 0, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> new Victim(Victim.Kind.BROKER, 1, CrashPhase.SWAP));
    assertThrows(IllegalArgumentException.class, () -> new Victim(Victim.Kind.TRAINER, 2, CrashPhase.TRAINING));
    assertThrows(IllegalArgumentException.class, () -> new Victim(Victim.Kind.INSTANCE, 0, CrashPhase.MID_INGEST));
  }

  private static <K> Map<K, Long> count(List<Victim> victims, Function<Victim, K> by) {
    return victims.stream().collect(Collectors.groupingBy(by, Collectors.counting()));
  }

  private static void assertAboutEqual(Map<?, Long> counts, int kinds, String why) {
    assertEquals(kinds, counts.size(), why + " " + counts);
    long min = counts.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertTrue(max - min <= 1, why + " " + counts);
  }
}
