package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Held-out items never reach a training batch, also when an item changes label and role. */
class HeldOutRouterTest {
  private static final int LEN = 2;

  @Test
  void heldOutItemsNeverReachABatch() {
    HeldOutSplit split = HeldOutSplit.defaults();
    HeldOutRouter feed = new HeldOutRouter(split, new ReplayBuffer(400, Long.MAX_VALUE, LEN, 3),
        new HeldOutSet(200, LEN, 3));
    Set<String> heldOut = new HashSet<>();
    for (int i = 0; i < 3000; i++) {
      String id = "item-" + i;
      String label = "class-" + (i % 40);
      if (feed.accept(id, label, new float[LEN]) != Role.TRAIN) {
        heldOut.add(id);
      }
    }
    // Re-send some held-out items under labels that make them training items, and the reverse.
    int moved = 0;
    for (int i = 0; i < 3000; i += 7) {
      String id = "item-" + i;
      String label = "class-" + (i % 40 + 1);
      Role role = feed.accept(id, label, new float[LEN]);
      if (role == Role.TRAIN) {
        moved += heldOut.remove(id) ? 1 : 0;
      } else {
        heldOut.add(id);
      }
    }
    assertTrue(moved > 0, "some items should have moved from held out to training");
    int batches = 0;
    for (int b = 0; b < 200; b++) {
      Optional<ReplayBuffer.Batch> batch = feed.buffer().sample(8, 4, 0.5);
      assertTrue(batch.isPresent());
      batches++;
      for (String id : batch.get().itemIds()) {
        assertFalse(heldOut.contains(id), id + " is held out but was in a training batch");
      }
    }
    assertEquals(200, batches);
    int held = feed.heldOut().size(Role.HELD_OUT_UNSEEN) + feed.heldOut().size(Role.HELD_OUT_SEEN);
    System.out.printf("feed: %d held-out ids, %d stored held out, %d in the buffer of %d classes%n", heldOut.size(),
        held, feed.buffer().size(), feed.buffer().classes());
    assertTrue(held > 0);
  }

  @Test
  void aDeleteRemovesFromEitherStore() {
    HeldOutRouter feed = new HeldOutRouter(new HeldOutSplit(0, 1, 1), new ReplayBuffer(10, Long.MAX_VALUE, LEN, 1),
        new HeldOutSet(10, LEN, 1));
    assertEquals(Role.HELD_OUT_SEEN, feed.accept("a", "x", new float[LEN]));
    assertTrue(feed.remove("a"));
    assertFalse(feed.remove("a"));
    assertEquals(0, feed.heldOut().size(Role.HELD_OUT_SEEN));
  }
}
