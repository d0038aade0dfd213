package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The promotion rule on given metrics: margin, tolerance, the seen fallback, too little data. */
class HeldOutGateRuleTest {
  private final HeldOutGate gate = new HeldOutGate(0.005, 0.02, 5, List.of(1, 4), 1);

  private static Map<String, Double> both(double unseen, double seen) {
    return Map.of("unseen.r@1", unseen, "seen.r@1", seen);
  }

  @Test
  void promotesOnAnUnseenGainThatKeepsTheSeenClasses() {
    HeldOutGate.Decision d = gate.rule(both(0.398, 0.80), both(0.412, 0.79), 10, 10);
    assertTrue(d.promote(), d.reason());
    assertEquals("promote: unseen R@1 0.412 vs 0.398 (+0.014 ≥ margin 0.005); seen R@1 0.790 vs 0.800 (-0.010 within "
        + "tolerance -0.020)", d.reason());
  }

  @Test
  void theMarginAndTheToleranceAreInclusive() {
    assertTrue(gate.rule(both(0.400, 0.80), both(0.405, 0.78), 10, 10).promote(), "exactly margin and tolerance");
    assertFalse(gate.rule(both(0.400, 0.80), both(0.404, 0.80), 10, 10).promote(), "gain below margin");
    HeldOutGate.Decision forgets = gate.rule(both(0.40, 0.80), both(0.50, 0.77), 10, 10);
    assertFalse(forgets.promote());
    assertTrue(forgets.reason().contains("beyond tolerance"), forgets.reason());
  }

  @Test
  void fallsBackToTheSeenPartWhenTooFewUnseenClasses() {
    HeldOutGate.Decision up = gate.rule(Map.of("seen.r@1", 0.70), Map.of("seen.r@1", 0.75), 3, 12);
    assertTrue(up.promote(), up.reason());
    assertTrue(up.reason().contains("unseen check skipped (3 unseen classes with 2+ items < 5), seen is the primary"),
        up.reason());
    HeldOutGate.Decision flat = gate.rule(Map.of("seen.r@1", 0.70), Map.of("seen.r@1", 0.70), 3, 12);
    assertFalse(flat.promote(), "the primary part needs the margin: " + flat.reason());
  }

  @Test
  void unseenAloneDecidesWhenTooFewSeenClasses() {
    HeldOutGate.Decision d = gate.rule(Map.of("unseen.r@1", 0.30), Map.of("unseen.r@1", 0.40), 8, 1);
    assertTrue(d.promote(), d.reason());
    assertTrue(d.reason().endsWith("seen check skipped (1 seen classes with 2+ items < 5)"), d.reason());
  }

  @Test
  void neverPromotesWithoutEnoughData() {
    HeldOutGate.Decision d = gate.rule(Map.of(), Map.of(), 2, 4);
    assertFalse(d.promote());
    assertEquals("reject: not enough held-out data: 2 unseen and 4 seen classes with 2+ items, each part needs 5",
        d.reason());
  }

  @Test
  void checksItsArguments() {
    var e = assertThrows(IllegalArgumentException.class, () -> new HeldOutGate(-0.1, 0, 5, List.of(1), 1));
    assertEquals("margin must be >= 0, got: -0.1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HeldOutGate(0, 0, 1, List.of(1), 1));
    assertThrows(IllegalArgumentException.class, () -> new HeldOutGate(0, 0, 5, List.of(2, 4), 1));
  }
}
