package com.hdcsearch.cli;

import com.hdcsearch.data.LabelledImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether the demo's catalog is already in the service (a second {@code hdc demo} on the same data), judged from an
 * evenly spaced sample of its item ids: the first and the last included, since the publisher sends in order and a run
 * stopped half-way lacks the end.
 */
final class DemoCatalog {
  /** Ids looked up; enough to notice a catalog that stopped part-way or a larger --limit, cheap at any size. */
  static final int SAMPLE_SIZE = 100;

  private final List<String> sample;

  /** The sample of {@code images}' ids. */
  DemoCatalog(List<LabelledImage> images) {
    this.sample = sampleIds(images.stream().map(LabelledImage::id).toList(), SAMPLE_SIZE);
  }

  /** Up to {@code size} ids at even steps through {@code ids}, the first and the last included, in order. */
  static List<String> sampleIds(List<String> ids, int size) {
    if (size < 2) {
      throw new IllegalArgumentException("size must be at least 2, got: " + size);
    }
    if (ids.size() <= size) {
      return List.copyOf(ids);
    }
    List<String> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(ids.get((int) ((long) i * (ids.size() - 1) / (size - 1))));
    }
    return out;
  }

  List<String> sample() {
    return sample;
  }

  /** How many sampled ids {@code present} knows. */
  int present(Predicate<String> present) {
    return (int) sample.stream().filter(present).count();
  }

  /** True when every sampled id is present: the catalog is there, and streaming it again would change nothing. */
  boolean complete(Predicate<String> present) {
    return !sample.isEmpty() && present(present) == sample.size();
  }
}
