package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The split holds out the configured shares, by label and by item, and never changes its mind. */
class HeldOutSplitTest {
  private static final int N = 10_000;
  private static final double TOLERANCE = 0.02;

  @Test
  void holdsOutTheConfiguredShares() {
    HeldOutSplit split = HeldOutSplit.defaults();
    int unseenLabels = 0;
    for (int i = 0; i < N; i++) {
      if (split.role("any-item", "label-" + i) == Role.HELD_OUT_UNSEEN) {
        unseenLabels++;
      }
    }
    Map<Role, Integer> items = new EnumMap<>(Role.class);
    int trainedLabelItems = 0;
    for (int i = 0; i < N; i++) {
      String label = "class-" + (i % 100);
      Role role = split.role("fashion-mnist-train-" + i, label);
      items.merge(role, 1, Integer::sum);
      if (role != Role.HELD_OUT_UNSEEN) {
        trainedLabelItems++;
      }
    }
    double labelShare = (double) unseenLabels / N;
    double itemShare = (double) items.getOrDefault(Role.HELD_OUT_SEEN, 0) / trainedLabelItems;
    System.out.printf("unseen labels %.4f of %d; held-out seen items %.4f of %d trained-label items%n", labelShare, N,
        itemShare, trainedLabelItems);
    assertEquals(HeldOutSplit.DEFAULT_LABEL_SHARE, labelShare, TOLERANCE);
    assertEquals(HeldOutSplit.DEFAULT_ITEM_SHARE, itemShare, TOLERANCE);
  }

  @Test
  void anUnseenLabelHoldsOutAllItsItems() {
    HeldOutSplit split = HeldOutSplit.defaults();
    String unseen = firstLabel(split, Role.HELD_OUT_UNSEEN);
    for (int i = 0; i < 1000; i++) {
      assertEquals(Role.HELD_OUT_UNSEEN, split.role("item-" + i, unseen));
    }
  }

  @Test
  void rolesAreStableAndPinned() {
    HeldOutSplit split = HeldOutSplit.defaults();
    HeldOutSplit same = new HeldOutSplit(0.2, 0.1, HeldOutSplit.DEFAULT_SALT);
    for (int i = 0; i < 2000; i++) {
      assertEquals(split.role("id-" + i, "l-" + (i % 37)), same.role("id-" + i, "l-" + (i % 37)));
    }
    // Pinned values: a change of the hash would silently move items between training and the held-out set.
    assertEquals(0x5165_b387_7adf_f4deL, StableHash.of("emoji-train-1", 0)); // checked with a Python FNV-1a + fmix64
    assertEquals(Role.TRAIN, split.role("emoji-train-1", "grinning face"));
  }

  @Test
  void anotherSaltGivesAnotherSplit() {
    HeldOutSplit a = HeldOutSplit.defaults();
    HeldOutSplit b = new HeldOutSplit(0.2, 0.1, 7);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
      if ((a.role("x", "label-" + i) == Role.HELD_OUT_UNSEEN) != (b.role("x", "label-" + i) == Role.HELD_OUT_UNSEEN)) {
        differ++;
      }
    }
    // Independent 20% draws disagree on 2 x 0.2 x 0.8 = 32% of labels.
    assertEquals(0.32, differ / 1000.0, 0.05);
  }

  @Test
  void extremeSharesAndBadArguments() {
    assertEquals(Role.TRAIN, new HeldOutSplit(0, 0, 1).role("a", "b"));
    assertEquals(Role.HELD_OUT_UNSEEN, new HeldOutSplit(1, 0, 1).role("a", "b"));
    assertEquals(Role.HELD_OUT_SEEN, new HeldOutSplit(0, 1, 1).role("a", "b"));
    var e = assertThrows(IllegalArgumentException.class, () -> new HeldOutSplit(1.5, 0.1, 1));
    assertEquals("labelShare must be in [0, 1], got: 1.5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HeldOutSplit(0.2, Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> HeldOutSplit.defaults().role("", "b"));
    assertThrows(IllegalArgumentException.class, () -> HeldOutSplit.defaults().role("a", null));
    assertNotEquals(StableHash.of("a", 1), StableHash.of("a", 2));
  }

  private static String firstLabel(HeldOutSplit split, Role role) {
    for (int i = 0; ; i++) {
      if (split.role("probe", "label-" + i) == role) {
        return "label-" + i;
      }
    }
  }
}
