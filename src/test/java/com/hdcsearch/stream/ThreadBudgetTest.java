package com.hdcsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThreadBudgetTest {
  private record Settings(Optional<Integer> cores, int torch, Optional<Integer> ingest, Optional<Integer> trainer,
      Optional<Integer> index) implements ThreadSettings {}

  private static Settings defaults() {
    return new Settings(Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void ingestGetsTheCoresTheTrainerAndIndexDoNotKeep() {
    assertEquals(new ThreadBudget(2, 1, 2, 0, 0), ThreadBudget.of(defaults(), 2, false));
    assertEquals(new ThreadBudget(2, 1, 1, 1, 0), ThreadBudget.of(defaults(), 2, true));
    assertEquals(new ThreadBudget(8, 1, 6, 1, 1), ThreadBudget.of(defaults(), 8, true));
    assertEquals(new ThreadBudget(1, 1, 1, 1, 0), ThreadBudget.of(defaults(), 1, true), "at least one ingest thread");
  }

  @Test
  void explicitSharesWin() {
    Settings s = new Settings(Optional.of(16), 2, Optional.of(3), Optional.of(4), Optional.of(2));
    assertEquals(new ThreadBudget(16, 2, 3, 4, 2), ThreadBudget.of(s, 2, true));
    assertEquals(0, ThreadBudget.of(s, 2, false).trainer(), "no trainer here: nothing kept for it");
  }

  @Test
  void badSharesAreRefusedByName() {
    Settings zeroIngest = new Settings(Optional.empty(), 1, Optional.of(0), Optional.empty(), Optional.empty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThreadBudget.of(zeroIngest, 4, false));
    assertTrue(e.getMessage().contains("hdc.threads.ingest"), e.getMessage());
    Settings zeroTorch = new Settings(Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty());
    e = assertThrows(IllegalArgumentException.class, () -> ThreadBudget.of(zeroTorch, 4, false));
    assertTrue(e.getMessage().contains("hdc.threads.torch"), e.getMessage());
  }
}
