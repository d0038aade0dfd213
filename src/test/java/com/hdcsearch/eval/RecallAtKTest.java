package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class RecallAtKTest {

  private static final int A = 7;
  private static final int B = 3;

  /**
   * Labels of {@link ExactNeighboursTest#CIRCLE}. First same-label ranks (1-based): p0 2, p1 3, p2 1, p3 3, p4 2.
   */
  static final int[] CIRCLE_LABELS = {A, B, A, B, A};

  @Test
  void circleRecallMatchesHandCount() {
    Neighbours found = new ExactNeighbours().searchSelf(ExactNeighboursTest.CIRCLE, 4);

    SortedMap<Integer, Double> recall =
        RecallAtK.compute(found, CIRCLE_LABELS, CIRCLE_LABELS, List.of(4, 1, 2, 3));

    assertEquals(Map.of(1, 0.2, 2, 0.6, 3, 1.0, 4, 1.0), recall);
    assertEquals(List.of(1, 2, 3, 4), List.copyOf(recall.keySet()), "sorted by K");
  }

  @Test
  void sameLabelDuplicateOfTheQueryCountsAsAHit() {
    // p0 and p1 are the same point and the same class: excluding by distance 0 would make both miss at K = 1.
    float[][] vectors = {{1f, 0f}, {1f, 0f}, {0f, 1f}, {-1f, 0f}};
    int[] labels = {A, A, B, B};
    Neighbours found = new ExactNeighbours().searchSelf(vectors, 3);

    SortedMap<Integer, Double> recall = RecallAtK.compute(found, labels, labels, List.of(1, 2, 3));

    // p2 ranks [p0, p1, p3] (all ties at 0): first hit at 3; p3 ranks [p2, p0, p1]: hit at 1.
    assertEquals(Map.of(1, 0.75, 2, 0.75, 3, 1.0), recall);
  }

  @Test
  void kBeyondTheDepthLooksAtEveryNeighbour() {
    Neighbours found = new ExactNeighbours().searchSelf(ExactNeighboursTest.CIRCLE, 1000);

    assertEquals(1.0, RecallAtK.compute(found, CIRCLE_LABELS, CIRCLE_LABELS, List.of(1000)).get(1000));
  }

  @Test
  void ksAreChecked() {
    Neighbours found = new ExactNeighbours().searchSelf(ExactNeighboursTest.CIRCLE, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecallAtK.compute(found, CIRCLE_LABELS, CIRCLE_LABELS, List.of(1, 0)));
    assertTrue(e.getMessage().contains("[1, 0]"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RecallAtK.compute(found, CIRCLE_LABELS, CIRCLE_LABELS, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> RecallAtK.compute(found, new int[] {A}, CIRCLE_LABELS, List.of(1)));
  }
}
