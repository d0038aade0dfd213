package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecallKsTest {

  @Test
  void paperKsPerDataset() {
    assertEquals(List.of(1, 2, 4, 8, 16, 32), RecallKs.forDataset("cub200"));
    assertEquals(List.of(1, 2, 4, 8, 16, 32), RecallKs.forDataset("cars196"));
    assertEquals(List.of(1, 10, 100, 1000), RecallKs.forDataset("sop"));
    assertEquals(List.of(1, 10, 20, 30, 40, 50), RecallKs.forDataset("inshop"));
    assertEquals(List.of(1, 2, 4, 8), RecallKs.forDataset("emoji"));
    assertEquals(List.of(1, 2, 4, 8), RecallKs.forDataset("Fashion-MNIST"));
  }

  @Test
  void unknownDatasetNamesTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecallKs.forDataset("mnist"));
    assertTrue(e.getMessage().endsWith("got: mnist"), e.getMessage());
    assertTrue(e.getMessage().contains("cub200"), e.getMessage());
  }
}
