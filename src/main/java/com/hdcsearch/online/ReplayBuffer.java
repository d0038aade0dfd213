package com.hdcsearch.online;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The training images of the stream, bounded and balanced by class, from which each online step draws a P x K batch.
 *
 * <p>Bound: at most {@code maxImages} images and {@code maxBytes} bytes of tensor payload (every tensor has the same
 * length, so the two give one capacity). When an add overflows it, one image leaves the largest class (ties broken at
 * random): classes drift to equal sizes, and a class is never evicted whole while any class is bigger (only when every
 * class holds one image, more classes than room). When the largest class is the one that just grew, its images are a
 * reservoir (Algorithm R over all images it ever received): the new image replaces a random one with probability
 * size/arrivals, else it is dropped, so a class's images stay a uniform sample of its history.
 *
 * <p>Batches: {@code freshShare} of the P classes are drawn from the fresh classes (those that received an image since
 * they were last drawn), the rest uniformly from all classes with 2+ images (replay, so old classes are not
 * forgotten). Thread-safe: the stream thread adds and removes while the trainer thread samples; all randomness comes
 * from one seeded generator, so the same calls in the same order give the same batches.
 */
public final class ReplayBuffer {
  /** A class needs two images to give a positive pair. */
  static final int MIN_IMAGES_PER_CLASS = 2;

  private final int capacity;
  private final int tensorLength;
  private final SplittableRandom random;
  /** Insertion order, so that iteration (and hence sampling) is deterministic. */
  private final Map<String, Pool> classes = new LinkedHashMap<>();
  private final Map<String, Entry> items = new HashMap<>();
  private int size;

  /**
   * A batch laid end to end: row {@code i} is {@code tensors[i * tensorLength ..]}, rows grouped by class (K per
   * class). {@code labels} are dense per batch (0 .. P-1, in the order the classes were drawn): only equality counts
   * in training, and a label string's position means nothing across batches.
   */
  public record Batch(float[] tensors, int[] labels, String[] itemIds) {}

  private static final class Entry {
    final String itemId;
    final Pool pool;
    final float[] tensor;
    int index;

    Entry(String itemId, Pool pool, float[] tensor) {
      this.itemId = itemId;
      this.pool = pool;
      this.tensor = tensor;
    }
  }

  private static final class Pool {
    final String label;
    final List<Entry> members = new ArrayList<>();
    /** Images ever admitted or offered to this class: Algorithm R's count. */
    long arrivals;
    boolean fresh;

    Pool(String label) {
      this.label = label;
    }
  }

  /**
   * @param maxImages most images held
   * @param maxBytes most bytes of tensor payload held ({@code 4 x tensorLength} per image)
   * @param tensorLength floats per image tensor
   * @param seed seeds eviction and sampling
   */
  public ReplayBuffer(int maxImages, long maxBytes, int tensorLength, long seed) {
    if (tensorLength < 1) {
      throw new IllegalArgumentException("tensorLength must be at least 1, got: " + tensorLength);
    }
    long byBytes = maxBytes / bytesPerImage(tensorLength);
    if (maxImages < MIN_IMAGES_PER_CLASS || byBytes < MIN_IMAGES_PER_CLASS) {
      throw new IllegalArgumentException("room for at least " + MIN_IMAGES_PER_CLASS + " images needed, got maxImages "
          + maxImages + ", maxBytes " + maxBytes + " (" + byBytes + " images of " + bytesPerImage(tensorLength)
          + " bytes)");
    }
    this.capacity = (int) Math.min(maxImages, byBytes);
    this.tensorLength = tensorLength;
    this.random = new SplittableRandom(seed);
  }

  private static long bytesPerImage(int tensorLength) {
    return (long) tensorLength * Float.BYTES;
  }

  /**
   * Adds (a copy of) an item's tensor; an item sent again replaces its old tensor, also under another label. May evict
   * one image (possibly this one) when full.
   */
  public synchronized void add(String itemId, String label, float[] tensor) {
    if (itemId == null || label == null) {
      throw new IllegalArgumentException("itemId and label are required, got: " + itemId + ", " + label);
    }
    if (tensor.length != tensorLength) {
      throw new IllegalArgumentException("tensor of item " + itemId + " must have " + tensorLength + " floats, got: "
          + tensor.length);
    }
    remove(itemId);
    Pool pool = classes.computeIfAbsent(label, Pool::new);
    pool.arrivals++;
    if (size < capacity) {
      insert(new Entry(itemId, pool, tensor.clone()));
      return;
    }
    Pool largest = largestAfterAdding(pool);
    if (largest == pool) {
      // Algorithm R: keep the new image with probability size / arrivals, in place of a random one.
      long slot = random.nextLong(pool.arrivals);
      if (slot < pool.members.size()) {
        delete(pool.members.get((int) slot));
        insert(new Entry(itemId, pool, tensor.clone()));
      } else if (pool.members.isEmpty()) {
        classes.remove(pool.label);
      }
      return;
    }
    delete(largest.members.get(random.nextInt(largest.members.size())));
    insert(new Entry(itemId, pool, tensor.clone()));
  }

  /** The largest class once {@code growing} holds one more image; ties at random. */
  private Pool largestAfterAdding(Pool growing) {
    Pool best = null;
    int bestSize = -1;
    int ties = 0;
    for (Pool p : classes.values()) {
      int s = p.members.size() + (p == growing ? 1 : 0);
      if (s > bestSize) {
        best = p;
        bestSize = s;
        ties = 1;
      } else if (s == bestSize && random.nextInt(++ties) == 0) {
        best = p; // reservoir over the tied classes: each is chosen with probability 1 / ties
      }
    }
    return best;
  }

  private void insert(Entry e) {
    e.index = e.pool.members.size();
    e.pool.members.add(e);
    e.pool.fresh = true;
    items.put(e.itemId, e);
    size++;
  }

  /** Removes in O(1): the class's last member takes the removed one's slot. */
  private void delete(Entry e) {
    List<Entry> members = e.pool.members;
    Entry last = members.remove(members.size() - 1);
    if (last != e) {
      members.set(e.index, last);
      last.index = e.index;
    }
    items.remove(e.itemId);
    size--;
    if (members.isEmpty()) {
      classes.remove(e.pool.label);
    }
  }

  /** Removes an item (a catalog delete); true if it was held. */
  public synchronized boolean remove(String itemId) {
    Entry e = items.get(itemId);
    if (e == null) {
      return false;
    }
    delete(e);
    return true;
  }

  /** Images held. */
  public synchronized int size() {
    return size;
  }

  /** Classes with at least one image. */
  public synchronized int classes() {
    return classes.size();
  }

  /** Bytes of tensor payload held ({@code 4 x tensorLength} per image; object overhead not counted). */
  public synchronized long bytes() {
    return size * bytesPerImage(tensorLength);
  }

  /** Most images held: the smaller of maxImages and maxBytes / (4 x tensorLength). */
  public int capacity() {
    return capacity;
  }

  public int tensorLength() {
    return tensorLength;
  }

  /** Classes with at least {@code n} images. */
  public synchronized int classesWithAtLeast(int n) {
    return (int) classes.values().stream().filter(p -> p.members.size() >= n).count();
  }

  /** Classes with 2+ images that received an image since they were last drawn into a batch. */
  public synchronized int freshClasses() {
    return (int) classes.values().stream().filter(p -> p.fresh && p.members.size() >= MIN_IMAGES_PER_CLASS).count();
  }

  /** Sizes of the classes, in insertion order (for tests and metrics). */
  public synchronized Map<String, Integer> classSizes() {
    Map<String, Integer> out = new LinkedHashMap<>();
    classes.forEach((label, pool) -> out.put(label, pool.members.size()));
    return out;
  }

  /**
   * A P x K batch: {@code round(freshShare x P)} classes (fewer if fewer are fresh) from the fresh classes, the rest
   * uniformly from all classes with 2+ images; K images per class without replacement, a class with fewer than K
   * repeating random ones of its images (as {@code PkSampler}). Empty while fewer than P classes have 2+ images. The
   * drawn classes stop being fresh.
   */
  public synchronized Optional<Batch> sample(int classesPerBatch, int imagesPerClass, double freshShare) {
    if (classesPerBatch < 2 || imagesPerClass < 2) {
      throw new IllegalArgumentException("need at least 2 classes x 2 images per batch, got: " + classesPerBatch
          + " x " + imagesPerClass);
    }
    if (!(freshShare >= 0 && freshShare <= 1)) {
      throw new IllegalArgumentException("freshShare must be in [0, 1], got: " + freshShare);
    }
    List<Pool> eligible = new ArrayList<>();
    List<Pool> fresh = new ArrayList<>();
    for (Pool p : classes.values()) {
      if (p.members.size() >= MIN_IMAGES_PER_CLASS) {
        eligible.add(p);
        if (p.fresh) {
          fresh.add(p);
        }
      }
    }
    if (eligible.size() < classesPerBatch) {
      return Optional.empty();
    }
    int freshWanted = Math.min(fresh.size(), (int) Math.round(freshShare * classesPerBatch));
    List<Pool> chosen = new ArrayList<>(classesPerBatch);
    drawDistinct(fresh, freshWanted, chosen);
    eligible.removeAll(chosen);
    drawDistinct(eligible, classesPerBatch - chosen.size(), chosen);
    return Optional.of(fill(chosen, imagesPerClass));
  }

  /** Moves {@code n} random members of {@code from} to the end of {@code to} (partial Fisher-Yates). */
  private void drawDistinct(List<Pool> from, int n, List<Pool> to) {
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(from.size() - i);
      Pool picked = from.get(j);
      from.set(j, from.get(i));
      from.set(i, picked);
      to.add(picked);
    }
  }

  private Batch fill(List<Pool> chosen, int imagesPerClass) {
    int rows = chosen.size() * imagesPerClass;
    float[] tensors = new float[rows * tensorLength];
    int[] labels = new int[rows];
    String[] ids = new String[rows];
    int row = 0;
    for (int c = 0; c < chosen.size(); c++) {
      Pool pool = chosen.get(c);
      pool.fresh = false;
      int n = pool.members.size();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(i + 1); // inside-out Fisher-Yates shuffle
        order[i] = order[j];
        order[j] = i;
      }
      for (int k = 0; k < imagesPerClass; k++) {
        Entry e = pool.members.get(k < n ? order[k] : random.nextInt(n));
        System.arraycopy(e.tensor, 0, tensors, row * tensorLength, tensorLength);
        labels[row] = c;
        ids[row] = e.itemId;
        row++;
      }
    }
    return new Batch(tensors, labels, ids);
  }
}
