package com.hdcsearch.online.bench;

import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.online.HeldOutSplit;
import com.hdcsearch.online.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The images the bench streams, in two phases by class, and the queries it scores, chosen with the service's own
 * {@link HeldOutSplit#defaults()} (the same hashes, so the bench knows which items the service never trains on).
 *
 * @param phase1 every image of the first half of the classes (training and held-out alike: the service decides)
 * @param phase2 every image of the other classes ("new products arrive")
 * @param phase1Labels the class names of phase 1
 * @param zeroShot queries of the unseen labels (a seeded sample), both phases
 * @param phase1HeldOut queries of phase 1's classes that the service never trains on (both held-out roles, sample)
 * @param training the images the service may train on (role TRAIN), both phases: the offline trainer's data
 */
record BenchCatalog(List<LabelledImage> phase1, List<LabelledImage> phase2, Set<String> phase1Labels,
    List<LabelledImage> zeroShot, List<LabelledImage> phase1HeldOut, List<LabelledImage> training) {
  private static final long PHASE_STREAM = 0x5048_4153_45L;
  private static final long QUERY_STREAM = 0x5155_4552_59L;
  private static final long LIMIT_STREAM = 0x4C49_4D49_54L;

  /**
   * Reads the {@code classes} of {@code dataset}, samples {@code limit} images if > 0, splits and picks queries by
   * seed.
   */
  static BenchCatalog read(String dataset, StreamedClasses classes, int limit, int queries, long seed)
      throws IOException {
    List<LabelledImage> all = classes.read(DatasetRegistry.standard(), dataset);
    if (limit > 0 && limit < all.size()) {
      Collections.shuffle(all, new Random(seed ^ LIMIT_STREAM));
      all = new ArrayList<>(all.subList(0, limit));
    }
    return of(all, queries, seed, HeldOutSplit.defaults());
  }

  /** Splits {@code all} into phases by a seeded shuffle of its class names; picks the queries. */
  static BenchCatalog of(List<LabelledImage> all, int queries, long seed, HeldOutSplit split) {
    List<String> labels = new ArrayList<>(new TreeSet<>(all.stream().map(LabelledImage::className).toList()));
    if (labels.size() < 4) {
      throw new IllegalArgumentException("need at least 4 classes for two phases, got: " + labels.size());
    }
    Collections.shuffle(labels, new Random(seed ^ PHASE_STREAM));
    Set<String> phase1Labels = Set.copyOf(labels.subList(0, labels.size() / 2));
    List<LabelledImage> phase1 = new ArrayList<>();
    List<LabelledImage> phase2 = new ArrayList<>();
    List<LabelledImage> zeroShot = new ArrayList<>();
    List<LabelledImage> phase1HeldOut = new ArrayList<>();
    List<LabelledImage> training = new ArrayList<>();
    for (LabelledImage image : all) {
      boolean first = phase1Labels.contains(image.className());
      (first ? phase1 : phase2).add(image);
      Role role = split.role(image.id(), image.className());
      if (role == Role.TRAIN) {
        training.add(image);
      } else if (first) {
        phase1HeldOut.add(image);
      }
      if (role == Role.HELD_OUT_UNSEEN) {
        zeroShot.add(image);
      }
    }
    return new BenchCatalog(phase1, phase2, phase1Labels, sample(zeroShot, queries, seed),
        sample(phase1HeldOut, queries, seed + 1), training);
  }

  private static List<LabelledImage> sample(List<LabelledImage> items, int n, long seed) {
    List<LabelledImage> copy = new ArrayList<>(items);
    Collections.shuffle(copy, new Random(seed ^ QUERY_STREAM));
    return List.copyOf(copy.subList(0, Math.min(n, copy.size())));
  }

  /** Every image streamed, phase 1 first. */
  List<LabelledImage> all() {
    List<LabelledImage> all = new ArrayList<>(phase1);
    all.addAll(phase2);
    return all;
  }
}
