package com.hdcsearch.online;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The held-out items of the stream, by role, on which candidate models are scored. Each role keeps at most
 * {@code maxPerRole} items; when full it is a reservoir (Algorithm R, seeded: a new item replaces a random one with
 * probability max/arrivals), so it stays a uniform sample of the role's stream. Only classes with 2+ items make
 * retrieval queries: with few images per class and a small bound, many held classes are single (see
 * {@link Part#classesWithAtLeastTwo}). Thread-safe: the stream thread adds, the trainer thread takes snapshots.
 */
public final class HeldOutSet {
  private final int maxPerRole;
  private final int tensorLength;
  private final SplittableRandom random;
  private final Map<Role, Reservoir> parts = new EnumMap<>(Role.class);
  private final Map<String, Held> byItem = new HashMap<>();

  private record Held(String itemId, String label, Role role, float[] tensor) {}

  private static final class Reservoir {
    final List<Held> items = new ArrayList<>();
    final Map<String, Integer> index = new HashMap<>();
    long arrivals;
  }

  /**
   * Items of one role, ordered by item id (so that equal contents give equal snapshots): {@code tensors} end to end,
   * {@code labels} dense ints in order of first appearance.
   *
   * @param count items
   * @param classes distinct labels among them
   */
  public record Part(float[] tensors, int[] labels, int count, int classes) {
    public Part {
      if (labels.length != count) {
        throw new IllegalArgumentException("need " + count + " labels, got: " + labels.length);
      }
      tensors = tensors.clone();
      labels = labels.clone();
    }

    @Override
    public float[] tensors() {
      return tensors.clone();
    }

    @Override
    public int[] labels() {
      return labels.clone();
    }

    /** Classes with at least two items: those that can be retrieved. */
    public int classesWithAtLeastTwo() {
      Map<Integer, Integer> counts = new HashMap<>();
      for (int label : labels) {
        counts.merge(label, 1, Integer::sum);
      }
      return (int) counts.values().stream().filter(c -> c >= 2).count();
    }

    /** The items of classes with 2+ items, in the same order (singletons can only be missed). */
    public Part withoutSingletons() {
      int len = count == 0 ? 0 : tensors.length / count;
      Map<Integer, Integer> counts = new HashMap<>();
      for (int label : labels) {
        counts.merge(label, 1, Integer::sum);
      }
      float[] keptTensors = new float[tensors.length];
      int[] keptLabels = new int[count];
      int kept = 0;
      for (int i = 0; i < count; i++) {
        if (counts.get(labels[i]) >= 2) {
          System.arraycopy(tensors, i * len, keptTensors, kept * len, len);
          keptLabels[kept++] = labels[i];
        }
      }
      return new Part(Arrays.copyOf(keptTensors, kept * len), Arrays.copyOf(keptLabels, kept), kept,
          classesWithAtLeastTwo());
    }
  }

  /** Both held-out parts at one moment; immutable. */
  public record Snapshot(Part unseen, Part seen) {}

  /**
   * @param maxPerRole most items kept per role
   * @param tensorLength floats per image tensor
   * @param seed seeds the reservoirs
   */
  public HeldOutSet(int maxPerRole, int tensorLength, long seed) {
    if (maxPerRole < 2) {
      throw new IllegalArgumentException("maxPerRole must be at least 2, got: " + maxPerRole);
    }
    if (tensorLength < 1) {
      throw new IllegalArgumentException("tensorLength must be at least 1, got: " + tensorLength);
    }
    this.maxPerRole = maxPerRole;
    this.tensorLength = tensorLength;
    this.random = new SplittableRandom(seed);
    parts.put(Role.HELD_OUT_UNSEEN, new Reservoir());
    parts.put(Role.HELD_OUT_SEEN, new Reservoir());
  }

  /** Adds (a copy of) a held-out item; an item sent again replaces its old entry, also under another label or role. */
  public synchronized void add(String itemId, String label, Role role, float[] tensor) {
    if (itemId == null || label == null) {
      throw new IllegalArgumentException("itemId and label are required, got: " + itemId + ", " + label);
    }
    if (role == null || role == Role.TRAIN) {
      throw new IllegalArgumentException("role must be a held-out role, got: " + role + " (item " + itemId + ")");
    }
    if (tensor.length != tensorLength) {
      throw new IllegalArgumentException("tensor of item " + itemId + " must have " + tensorLength + " floats, got: "
          + tensor.length);
    }
    remove(itemId);
    Reservoir part = parts.get(role);
    part.arrivals++;
    Held held = new Held(itemId, label, role, tensor.clone());
    if (part.items.size() < maxPerRole) {
      part.index.put(itemId, part.items.size());
      part.items.add(held);
    } else {
      long slot = random.nextLong(part.arrivals);
      if (slot >= maxPerRole) {
        return;
      }
      Held out = part.items.get((int) slot);
      byItem.remove(out.itemId());
      part.index.remove(out.itemId());
      part.items.set((int) slot, held);
      part.index.put(itemId, (int) slot);
    }
    byItem.put(itemId, held);
  }

  /** Removes an item (a catalog delete); true if it was held. */
  public synchronized boolean remove(String itemId) {
    Held held = byItem.remove(itemId);
    if (held == null) {
      return false;
    }
    Reservoir part = parts.get(held.role());
    int at = part.index.remove(itemId);
    Held last = part.items.remove(part.items.size() - 1);
    if (last != held) {
      part.items.set(at, last);
      part.index.put(last.itemId(), at);
    }
    return true;
  }

  /** Items held in {@code role}. */
  public synchronized int size(Role role) {
    Reservoir part = parts.get(role);
    return part == null ? 0 : part.items.size();
  }

  /** A copy of both parts, each ordered by item id. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(part(Role.HELD_OUT_UNSEEN), part(Role.HELD_OUT_SEEN));
  }

  private Part part(Role role) {
    List<Held> items = new ArrayList<>(parts.get(role).items);
    items.sort((a, b) -> a.itemId().compareTo(b.itemId()));
    float[] tensors = new float[items.size() * tensorLength];
    int[] labels = new int[items.size()];
    Map<String, Integer> dense = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Held h = items.get(i);
      System.arraycopy(h.tensor(), 0, tensors, i * tensorLength, tensorLength);
      labels[i] = dense.computeIfAbsent(h.label(), l -> dense.size());
    }
    return new Part(tensors, labels, items.size(), dense.size());
  }
}
