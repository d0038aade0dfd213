package com.hdcsearch.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * P classes x K images per batch (PML's MPerClassSampler), from a seed. Classes are drawn without replacement from a
 * shuffled class list that is reshuffled when used up (an epoch over classes). Within a class, K images are drawn
 * without replacement; a class with fewer than K images gives all its images and then repeats some of them, drawn at
 * random, so that every batch has exactly P x K rows and every class K (the repeated rows are exact duplicates: easy
 * positive pairs, with distance 0). Classes with a single image are skipped: they give no positive pair.
 */
public final class PkSampler {
  private final int classesPerBatch;
  private final int imagesPerClass;
  private final int[][] members;
  private final SplittableRandom random;
  private final int[] classOrder;
  private int next;

  public PkSampler(int[] labels, int classesPerBatch, int imagesPerClass, long seed) {
    if (classesPerBatch < 2 || imagesPerClass < 2) {
      throw new IllegalArgumentException("need at least 2 classes x 2 images per batch, got: " + classesPerBatch
          + " x " + imagesPerClass);
    }
    Map<Integer, List<Integer>> byClass = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i++) {
      byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
    }
    List<int[]> usable = new ArrayList<>();
    byClass.values().stream().filter(l -> l.size() >= 2)
        .forEach(l -> usable.add(l.stream().mapToInt(Integer::intValue).toArray()));
    if (usable.size() < classesPerBatch) {
      throw new IllegalArgumentException("only " + usable.size() + " classes with 2+ images, batch needs "
          + classesPerBatch);
    }
    this.classesPerBatch = classesPerBatch;
    this.imagesPerClass = imagesPerClass;
    this.members = usable.toArray(int[][]::new);
    this.random = new SplittableRandom(seed);
    this.classOrder = new int[members.length];
    Arrays.setAll(classOrder, i -> i);
    next = classOrder.length;
  }

  public int batchSize() {
    return classesPerBatch * imagesPerClass;
  }

  /** Indices into the label array of the next batch, grouped by class. */
  public int[] next() {
    int[] batch = new int[batchSize()];
    int row = 0;
    for (int c = 0; c < classesPerBatch; c++) {
      if (next == classOrder.length) {
        shuffle(classOrder);
        next = 0;
      }
      int[] pool = members[classOrder[next++]].clone();
      shuffle(pool);
      for (int k = 0; k < imagesPerClass; k++) {
        batch[row++] = k < pool.length ? pool[k] : pool[random.nextInt(pool.length)];
      }
    }
    return batch;
  }

  private void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
