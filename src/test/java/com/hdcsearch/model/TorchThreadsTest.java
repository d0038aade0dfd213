package com.hdcsearch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TorchThreadsTest {
  private String savedIntra;
  private String savedInter;

  @BeforeEach
  void save() {
    savedIntra = System.getProperty(TorchThreads.NUM_THREADS);
    savedInter = System.getProperty(TorchThreads.NUM_INTEROP_THREADS);
  }

  @AfterEach
  void restore() {
    restore(TorchThreads.NUM_THREADS, savedIntra);
    restore(TorchThreads.NUM_INTEROP_THREADS, savedInter);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void explicitCountWinsAndDefaultsFillTheRest() {
    System.clearProperty(TorchThreads.NUM_INTEROP_THREADS);
    TorchThreads.configure(3);
    assertEquals("3", System.getProperty(TorchThreads.NUM_THREADS));
    assertEquals("1", System.getProperty(TorchThreads.NUM_INTEROP_THREADS));
    // A later plain configure() keeps what was asked for.
    TorchThreads.configure();
    assertEquals("3", System.getProperty(TorchThreads.NUM_THREADS));
  }

  @Test
  void defaultIsHalfTheCoresAtLeastOne() {
    System.clearProperty(TorchThreads.NUM_THREADS);
    TorchThreads.configure();
    int expected = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    assertEquals(Integer.toString(expected), System.getProperty(TorchThreads.NUM_THREADS));
  }

  @Test
  void zeroThreadsIsAnErrorNamingTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> TorchThreads.configure(0));
    assertTrue(e.getMessage().contains("threads must be at least 1, got: 0"), e.getMessage());
  }

  @Test
  void trainingDefaultsToOneThreadUnlessAskedOtherwise() {
    System.clearProperty(TorchThreads.NUM_THREADS);
    TorchThreads.configureForTraining(null);
    assertEquals("1", System.getProperty(TorchThreads.NUM_THREADS));
    System.setProperty(TorchThreads.NUM_THREADS, "4");
    TorchThreads.configureForTraining(null);
    assertEquals("4", System.getProperty(TorchThreads.NUM_THREADS), "an explicit -D setting wins over the default");
    TorchThreads.configureForTraining(2);
    assertEquals("2", System.getProperty(TorchThreads.NUM_THREADS), "--threads wins over everything");
  }
}
