package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlainLoggingTest {
  private Handler[] saved;
  private Level savedLevel;

  @BeforeEach
  void save() {
    Logger root = Logger.getLogger("");
    saved = root.getHandlers();
    savedLevel = root.getLevel();
  }

  @AfterEach
  void restore() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    for (Handler h : saved) {
      root.addHandler(h);
    }
    root.setLevel(savedLevel);
    for (String category : new String[] {"org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper"}) {
      Logger.getLogger(category).setLevel(null);
    }
  }

  @Test
  void onlyServeAndDemoBootQuarkus() {
    assertTrue(PlainLogging.bootsQuarkus("serve"));
    assertTrue(PlainLogging.bootsQuarkus("demo", "--limit", "10"));
    assertFalse(PlainLogging.bootsQuarkus("bench", "reembed"));
    assertFalse(PlainLogging.bootsQuarkus("cluster", "broker"));
    assertFalse(PlainLogging.bootsQuarkus());
  }

  @Test
  void replacesEveryRootHandlerWithOneConsoleAtInfoAndQuietsKafka() {
    Logger root = Logger.getLogger("");
    Handler buffering = new java.util.logging.MemoryHandler(new java.util.logging.ConsoleHandler(), 10, Level.OFF);
    root.addHandler(buffering);
    root.setLevel(Level.ALL);

    PlainLogging logging = PlainLogging.install();

    assertEquals(1, root.getHandlers().length);
    assertInstanceOf(ConsoleHandler.class, root.getHandlers()[0]);
    assertEquals(Level.INFO, root.getHandlers()[0].getLevel());
    assertTrue(Logger.getLogger("com.hdcsearch.stream.IndexUpdater").isLoggable(Level.INFO));
    assertFalse(Logger.getLogger("com.hdcsearch.stream.IndexUpdater").isLoggable(Level.FINE));
    assertFalse(Logger.getLogger("org.apache.kafka.clients.consumer.internals.AbstractFetch").isLoggable(Level.FINEST));
    assertFalse(Logger.getLogger("kafka.network.RequestChannel").isLoggable(Level.INFO));
    assertTrue(Logger.getLogger("kafka.network.RequestChannel").isLoggable(Level.WARNING));
    assertEquals("", logging.configured().get(0).getName());
  }
}
