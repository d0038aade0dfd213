package com.hdcsearch.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validation split carved from the training classes (Musgrave et al., "A Metric Learning Reality Check", 2020): a
 * seeded share of the zero-shot "train" split's classes becomes "test" (query and gallery), the rest stays "train".
 * Class-disjoint, so tuning on it never sees the real test classes; those are used once, for the final table.
 */
public final class ValidationSplit {
  /** Musgrave et al. hold out one of four class folds. */
  public static final double DEFAULT_SHARE = 0.25;
  public static final long DEFAULT_SEED = 0L;
  /** Retrieval needs at least two classes to be told apart. */
  static final int MIN_CLASSES = 2;

  private ValidationSplit() {}

  /**
   * "train": the images of {@code zeroShot}'s "train" classes that stay; "test": those of the held-out classes, a
   * {@code share} of them (rounded, at least {@value #MIN_CLASSES}), chosen by a shuffle seeded with {@code seed}.
   */
  public static Dataset carve(Dataset zeroShot, double share, long seed) {
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("validation share must be in (0, 1), got: " + share);
    }
    List<LabelledImage> train = zeroShot.split("train").images();
    Set<Integer> labels = new TreeSet<>();
    train.forEach(image -> labels.add(image.label()));
    int held = Math.max(MIN_CLASSES, (int) Math.round(share * labels.size()));
    if (labels.size() - held < MIN_CLASSES) {
      throw new IllegalArgumentException("a validation split of " + zeroShot.name() + " needs at least "
          + 2 * MIN_CLASSES + " training classes, it has " + labels.size());
    }
    List<Integer> order = new ArrayList<>(labels);
    Collections.shuffle(order, new Random(seed));
    Set<Integer> validation = new TreeSet<>(order.subList(0, held));
    List<LabelledImage> rest = train.stream().filter(image -> !validation.contains(image.label())).toList();
    List<LabelledImage> val = train.stream().filter(image -> validation.contains(image.label())).toList();
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    splits.put("train", new DatasetSplit("train", rest));
    splits.put("test", new DatasetSplit("test", val));
    return new Dataset(zeroShot.name() + "-validation", splits);
  }
}
