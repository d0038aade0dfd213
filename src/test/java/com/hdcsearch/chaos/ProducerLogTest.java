package com.hdcsearch.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerLogTest {
  @TempDir Path dir;

  private static CatalogEvent event(long seq, String key, CatalogEvent.Kind kind, String label) {
    return new CatalogEvent(seq, key, kind, label, kind.live() ? "sha" + seq : null, new byte[] {1});
  }

  @Test
  void theNewestAcknowledgedRecordOfEachKeyIsWhatMustBeServed() throws Exception {
    try (ProducerLog log = new ProducerLog(dir.resolve("acks.log"))) {
      CatalogEvent a1 = event(1, "a", CatalogEvent.Kind.NEW, "shirt");
      CatalogEvent b2 = event(2, "b", CatalogEvent.Kind.NEW, "bag");
      CatalogEvent a3 = event(3, "a", CatalogEvent.Kind.UPDATE, "boot");
      CatalogEvent b4 = event(4, "b", CatalogEvent.Kind.DELETE, null);
      CatalogEvent x5 = event(5, "bad-0", CatalogEvent.Kind.BAD, null);
      for (CatalogEvent e : List.of(a1, b2, a3, b4, x5)) {
        log.sent(e);
      }
      // Acknowledgements of one key come in order, but keys interleave; an older ack never wins.
      log.acked(a3, 0, 1);
      log.acked(a1, 0, 0);
      log.acked(b2, 1, 0);
      log.acked(b4, 1, 1);
      log.acked(x5, 2, 0);
      assertEquals(Set.of("a"), log.live().keySet());
      assertEquals("boot", log.live().get("a").label());
      assertEquals(Set.of("b"), log.deleted());
      assertEquals(Set.of("bad-0"), log.rejected());
      assertEquals(0, log.inDoubtCount());
      assertEquals(5, log.ackCount());
      log.flush();
      assertEquals(5, Files.readAllLines(dir.resolve("acks.log")).size());
    }
  }

  @Test
  void aFailedSendIsInDoubtUntilANewerRecordOfItsKeyIsAcknowledged() throws Exception {
    try (ProducerLog log = new ProducerLog(dir.resolve("acks.log"))) {
      CatalogEvent a1 = event(1, "a", CatalogEvent.Kind.NEW, "shirt");
      CatalogEvent a2 = event(2, "a", CatalogEvent.Kind.UPDATE, "boot");
      CatalogEvent c3 = event(3, "c", CatalogEvent.Kind.NEW, "bag");
      log.sent(a1);
      log.acked(a1, 0, 0);
      log.sent(a2);
      log.failed(a2);
      log.sent(c3);
      log.failed(c3);
      // Re-sending settles it: the newest sent record of each key in doubt.
      assertEquals(List.of(a2, c3), log.toResend());
      assertEquals("shirt", log.live().get("a").label(), "only what the broker acknowledged counts");
      log.acked(a2, 0, 1);
      assertEquals(List.of(c3), log.toResend());
      assertEquals("boot", log.live().get("a").label());
    }
  }
}
