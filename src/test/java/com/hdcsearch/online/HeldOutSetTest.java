package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The held-out store: bounds per role, reservoir, replace and remove, snapshots that do not change. */
class HeldOutSetTest {
  private static final int LEN = 3;

  private static float[] tensor(int v) {
    float[] t = new float[LEN];
    Arrays.fill(t, v);
    return t;
  }

  @Test
  void eachRoleIsBoundedAndAUniformReservoir() {
    int fromFirstHalf = 0;
    int kept = 0;
    for (long seed = 0; seed < 100; seed++) {
      HeldOutSet set = new HeldOutSet(20, LEN, seed);
      for (int i = 0; i < 1000; i++) {
        set.add(String.format("u%04d", i), "l" + (i % 50), Role.HELD_OUT_UNSEEN, tensor(i));
        if (i < 5) {
          set.add(String.format("s%04d", i), "l" + i, Role.HELD_OUT_SEEN, tensor(i));
        }
      }
      assertEquals(20, set.size(Role.HELD_OUT_UNSEEN));
      assertEquals(5, set.size(Role.HELD_OUT_SEEN), "one role's stream does not evict the other's");
      HeldOutSet.Part unseen = set.snapshot().unseen();
      float[] t = unseen.tensors();
      for (int i = 0; i < unseen.count(); i++) {
        kept++;
        fromFirstHalf += t[i * LEN] < 500 ? 1 : 0;
      }
    }
    double share = (double) fromFirstHalf / kept;
    System.out.printf("held-out reservoir: %.3f of %d kept items from the first half%n", share, kept);
    assertEquals(0.5, share, 0.05);
  }

  @Test
  void snapshotsAreOrderedDenseAndImmutable() {
    HeldOutSet set = new HeldOutSet(10, LEN, 1);
    set.add("b", "cat", Role.HELD_OUT_SEEN, tensor(2));
    set.add("a", "dog", Role.HELD_OUT_SEEN, tensor(1));
    set.add("c", "cat", Role.HELD_OUT_SEEN, tensor(3));
    set.add("z", "owl", Role.HELD_OUT_UNSEEN, tensor(9));
    HeldOutSet.Snapshot snap = set.snapshot();
    HeldOutSet.Part seen = snap.seen();
    assertEquals(3, seen.count());
    assertEquals(2, seen.classes());
    assertEquals(1, seen.classesWithAtLeastTwo());
    assertArrayEquals(new int[] {0, 1, 1}, seen.labels(), "dog first (item a), then cat (b, c)");
    assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2, 3, 3, 3}, seen.tensors());
    seen.tensors()[0] = 42;
    set.add("a", "dog", Role.HELD_OUT_SEEN, tensor(7));
    assertEquals(1f, snap.seen().tensors()[0], "a snapshot does not change");
    HeldOutSet.Part pairs = seen.withoutSingletons();
    assertEquals(2, pairs.count());
    assertArrayEquals(new float[] {2, 2, 2, 3, 3, 3}, pairs.tensors());
    assertEquals(1, snap.unseen().count());
  }

  @Test
  void aResentItemMovesAndARemovedOneIsGone() {
    HeldOutSet set = new HeldOutSet(10, LEN, 1);
    set.add("x", "cat", Role.HELD_OUT_SEEN, tensor(1));
    set.add("x", "owl", Role.HELD_OUT_UNSEEN, tensor(2));
    assertEquals(0, set.size(Role.HELD_OUT_SEEN));
    assertEquals(1, set.size(Role.HELD_OUT_UNSEEN));
    set.add("y", "owl", Role.HELD_OUT_UNSEEN, tensor(3));
    assertTrue(set.remove("x"));
    assertFalse(set.remove("x"));
    assertArrayEquals(new float[] {3, 3, 3}, set.snapshot().unseen().tensors());
    var e = assertThrows(IllegalArgumentException.class, () -> set.add("t", "cat", Role.TRAIN, tensor(0)));
    assertTrue(e.getMessage().contains("TRAIN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> set.add("t", "cat", Role.HELD_OUT_SEEN, new float[LEN + 1]));
    assertThrows(IllegalArgumentException.class, () -> new HeldOutSet(1, LEN, 1));
  }

  @Test
  void sameSeedSameContents() {
    assertArrayEquals(fill(5).snapshot().unseen().tensors(), fill(5).snapshot().unseen().tensors());
    assertFalse(Arrays.equals(fill(5).snapshot().unseen().tensors(), fill(6).snapshot().unseen().tensors()));
  }

  private static HeldOutSet fill(long seed) {
    HeldOutSet set = new HeldOutSet(10, LEN, seed);
    for (int i = 0; i < 200; i++) {
      set.add(String.format("i%03d", i), "l" + (i % 7), Role.HELD_OUT_UNSEEN, tensor(i));
    }
    return set;
  }
}
