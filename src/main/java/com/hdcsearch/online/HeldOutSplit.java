package com.hdcsearch.online;

/**
 * Which stream items are never trained on, decided by hashes alone, so that every instance and every restart agrees
 * without coordination: a label whose salted hash falls under {@code labelShare} is unseen (all its items are the
 * zero-shot check); of the other labels, an item whose id hash falls under {@code itemShare} is held out as a check on
 * the seen classes. Label and item hashes use different salts, so the two choices are independent.
 *
 * @param labelShare share of labels held out entirely, in [0, 1]
 * @param itemShare share of the trained labels' items held out, in [0, 1]
 * @param salt changes the whole assignment (a new held-out set); keep it fixed for a deployment
 */
public record HeldOutSplit(double labelShare, double itemShare, long salt) {
  public static final double DEFAULT_LABEL_SHARE = 0.2;
  public static final double DEFAULT_ITEM_SHARE = 0.1;
  public static final long DEFAULT_SALT = 0x4844_4353_504C_4954L;
  /** Mixed into the salt for item ids, so that an item id equal to a label string gets an independent draw. */
  private static final long ITEM_SALT_OFFSET = 0x9E37_79B9_7F4A_7C15L;

  public HeldOutSplit {
    if (!(labelShare >= 0 && labelShare <= 1)) {
      throw new IllegalArgumentException("labelShare must be in [0, 1], got: " + labelShare);
    }
    if (!(itemShare >= 0 && itemShare <= 1)) {
      throw new IllegalArgumentException("itemShare must be in [0, 1], got: " + itemShare);
    }
  }

  /** 20% of labels unseen, 10% of the other labels' items held out, the default salt. */
  public static HeldOutSplit defaults() {
    return new HeldOutSplit(DEFAULT_LABEL_SHARE, DEFAULT_ITEM_SHARE, DEFAULT_SALT);
  }

  /** The role of an item; the same arguments give the same role in every JVM. */
  public Role role(String itemId, String label) {
    if (itemId == null || itemId.isEmpty()) {
      throw new IllegalArgumentException("itemId must not be empty, got: " + (itemId == null ? "null" : "\"\""));
    }
    if (label == null) {
      throw new IllegalArgumentException("label must not be null (item " + itemId + ")");
    }
    if (StableHash.unit(label, salt) < labelShare) {
      return Role.HELD_OUT_UNSEEN;
    }
    return StableHash.unit(itemId, salt + ITEM_SALT_OFFSET) < itemShare ? Role.HELD_OUT_SEEN : Role.TRAIN;
  }
}
