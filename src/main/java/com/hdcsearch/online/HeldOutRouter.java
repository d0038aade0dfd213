package com.hdcsearch.online;

/**
 * Routes the stream's preprocessed items by their {@link HeldOutSplit} role: training items to the replay buffer,
 * held-out ones to the held-out set, so that a held-out item never reaches a training batch. An item re-sent under a
 * label of another role moves (it leaves the store it was in). Thread-safe as its two stores are.
 */
public final class HeldOutRouter {
  private final HeldOutSplit split;
  private final ReplayBuffer buffer;
  private final HeldOutSet heldOut;

  public HeldOutRouter(HeldOutSplit split, ReplayBuffer buffer, HeldOutSet heldOut) {
    if (split == null || buffer == null || heldOut == null) {
      throw new IllegalArgumentException("split, buffer and held-out set are required");
    }
    this.split = split;
    this.buffer = buffer;
    this.heldOut = heldOut;
  }

  /** Stores an upserted item where its role says; returns the role. */
  public Role accept(String itemId, String label, float[] tensor) {
    Role role = split.role(itemId, label);
    if (role == Role.TRAIN) {
      heldOut.remove(itemId);
      buffer.add(itemId, label, tensor);
    } else {
      buffer.remove(itemId);
      heldOut.add(itemId, label, role, tensor);
    }
    return role;
  }

  /** Forgets a deleted item (a tombstone); true if either store held it. */
  public boolean remove(String itemId) {
    return buffer.remove(itemId) | heldOut.remove(itemId);
  }

  public ReplayBuffer buffer() {
    return buffer;
  }

  public HeldOutSet heldOut() {
    return heldOut;
  }

  public HeldOutSplit split() {
    return split;
  }
}
