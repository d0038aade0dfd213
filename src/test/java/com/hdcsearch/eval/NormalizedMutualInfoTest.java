package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizedMutualInfoTest {

  @Test
  void perfectClusteringUnderOtherNamesIsOne() {
    assertEquals(1.0, NormalizedMutualInfo.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {5, 5, 9, 9, 7, 7}), 1e-15);
  }

  @Test
  void independentLabelingsAreZero() {
    assertEquals(0.0, NormalizedMutualInfo.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}));
    assertEquals(0.0, NormalizedMutualInfo.of(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3}));
  }

  @Test
  void asymmetricCaseMatchesHandComputation() {
    int[] labels = {0, 0, 0, 1, 1, 1};
    int[] clusters = {0, 0, 1, 1, 1, 1};
    // MI = (1/3) ln 2 - (1/6) ln 2 + (1/2) ln(3/2); H(labels) = ln 2; H(clusters) = ln 3 - (2/3) ln 2.
    double mi = Math.log(2) / 6 + Math.log(1.5) / 2;
    double normaliser = (Math.log(2) + Math.log(3) - 2 * Math.log(2) / 3) / 2;

    double nmi = NormalizedMutualInfo.of(labels, clusters);

    assertEquals(mi / normaliser, nmi, 1e-15);
    assertEquals(0.47870397138567994, nmi, 1e-15);
    assertEquals(nmi, NormalizedMutualInfo.of(clusters, labels), 1e-15);
  }

  @Test
  void twoSingleClassLabelingsAreOne() {
    assertEquals(1.0, NormalizedMutualInfo.of(new int[] {4, 4, 4}, new int[] {0, 0, 0}));
  }

  @Test
  void argumentsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NormalizedMutualInfo.of(new int[] {0, 1}, new int[] {0}));
    assertEquals("labelings must have equal length, got: 2 and 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NormalizedMutualInfo.of(new int[0], new int[0]));
  }
}
