package com.hdcsearch.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The Recall@K values that the HDC paper reports per data set. */
public final class RecallKs {

  /** CUB-200-2011 and CARS196. */
  public static final List<Integer> FINE_GRAINED = List.of(1, 2, 4, 8, 16, 32);

  /** Stanford Online Products. */
  public static final List<Integer> SOP = List.of(1, 10, 100, 1000);

  /** In-shop clothes retrieval. */
  public static final List<Integer> INSHOP = List.of(1, 10, 20, 30, 40, 50);

  /** Small data sets: Emoji-4V and Fashion-MNIST. */
  public static final List<Integer> SMALL = List.of(1, 2, 4, 8);

  private static final Map<String, List<Integer>> BY_DATASET = Map.of(
      "cub200", FINE_GRAINED,
      "cars196", FINE_GRAINED,
      "sop", SOP,
      "inshop", INSHOP,
      "emoji", SMALL,
      "fashion-mnist", SMALL);

  private RecallKs() {}

  /** The Ks for {@code name}: one of cub200, cars196, sop, inshop, emoji, fashion-mnist (case ignored). */
  public static List<Integer> forDataset(String name) {
    if (name == null) {
      throw new IllegalArgumentException("data set name must not be null");
    }
    List<Integer> ks = BY_DATASET.get(name.toLowerCase(Locale.ROOT));
    if (ks == null) {
      throw new IllegalArgumentException(
          "data set must be one of " + new TreeSet<>(BY_DATASET.keySet()) + ", got: " + name);
    }
    return ks;
  }
}
