package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MapAtRTest {

  private static final int A = 1;
  private static final int B = 2;
  private static final int C = 3;

  @Test
  void relevantAtRanksOneAndThreeOfThree() {
    // Gallery: three A items (R = 3 for an A query). Ranking: A, B, A, A -> hits at ranks 1 and 3 within R.
    int[] gallery = {A, B, A, A, B};
    Neighbours found = new Neighbours(1, 4, new int[] {0, 1, 2, 3}, new float[4]);

    double map = MapAtR.compute(found, new int[] {A}, gallery, false);

    assertEquals((1.0 + 2.0 / 3.0) / 3.0, map, 1e-15);
  }

  @Test
  void meanSkipsQueriesWithoutRelevantItems() {
    int[] gallery = {A, A, B, B};
    // q0 (A, R = 2): [A, B] -> 1/2. q1 (B, R = 2): [B, B] -> 1. q2 (C, R = 0): skipped.
    Neighbours found = new Neighbours(3, 2, new int[] {0, 2, 2, 3, 0, 1}, new float[6]);

    double map = MapAtR.compute(found, new int[] {A, B, C}, gallery, false);

    assertEquals(0.75, map, 1e-15);
  }

  @Test
  void zeroShotLeavesTheQueryOutOfR() {
    // CIRCLE: A has 3 items (R = 2), B has 2 (R = 1). AP@R: p0 1/4, p1 0, p2 1/2, p3 0, p4 1/4.
    Neighbours found = new ExactNeighbours().searchSelf(ExactNeighboursTest.CIRCLE, 2);
    int[] labels = RecallAtKTest.CIRCLE_LABELS;

    assertEquals(0.2, MapAtR.compute(found, labels, labels, true), 1e-15);
    assertEquals(2, MapAtR.maxR(labels, labels, true));
    assertEquals(3, MapAtR.maxR(labels, labels, false));
  }

  @Test
  void noQueryWithRelevantItemsGivesNaN() {
    Neighbours found = new Neighbours(1, 1, new int[] {0}, new float[1]);

    assertTrue(Double.isNaN(MapAtR.compute(found, new int[] {C}, new int[] {A}, false)));
  }

  @Test
  void tooShallowNeighboursAreRefused() {
    Neighbours found = new Neighbours(1, 2, new int[] {0, 1}, new float[2]);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MapAtR.compute(found, new int[] {A}, new int[] {A, A, A}, false));
    assertTrue(e.getMessage().contains("R = 3") && e.getMessage().contains("got: 2"), e.getMessage());
  }
}
