package com.hdcsearch.train.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configurations each method tries: the cartesian product of a grid shared by every method (e.g. the learning
 * rate) and the method's own grid (its one or two knobs). Written {@code key=v1|v2;key2=w1|w2}; each configuration is
 * an override string for {@link ConfigOverrides} ({@code key=v1,key2=w1}). An equal tuning budget means every method
 * gets the same number of configurations; {@link #checkEqualBudget} refuses a comparison that does not.
 */
public final class TuningGrid {
  private final List<String[]> common;
  private final Map<String, List<String[]>> perMethod;

  /**
   * @param common grid for every method, or null/blank for none
   * @param perMethod method name (hdc, contrastive, triplet, ms) to its own grid
   */
  public TuningGrid(String common, Map<String, String> perMethod) {
    this.common = parse(common);
    this.perMethod = new LinkedHashMap<>();
    if (perMethod != null) {
      perMethod.forEach((method, grid) -> this.perMethod.put(method, parse(grid)));
    }
  }

  /** No tuning: one configuration (no overrides) per method. */
  public static TuningGrid none() {
    return new TuningGrid(null, Map.of());
  }

  /** Each axis: {@code key=v1|v2} becomes {"key=v1", "key=v2"}. */
  private static List<String[]> parse(String grid) {
    List<String[]> axes = new ArrayList<>();
    if (grid == null || grid.isBlank()) {
      return axes;
    }
    for (String axis : grid.split(";")) {
      String[] kv = axis.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw new IllegalArgumentException("a grid axis must be key=v1|v2, got: " + axis);
      }
      String[] values = kv[1].split("\\|");
      String[] settings = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        if (values[i].isBlank()) {
          throw new IllegalArgumentException("empty value in grid axis: " + axis);
        }
        settings[i] = kv[0].trim() + "=" + values[i].trim();
      }
      axes.add(settings);
    }
    return axes;
  }

  /** The override strings of {@code method}'s configurations, in grid order (at least one, possibly empty). */
  public List<String> configurations(String method) {
    List<String[]> axes = new ArrayList<>(common);
    axes.addAll(perMethod.getOrDefault(method, List.of()));
    List<String> out = new ArrayList<>(List.of(""));
    for (String[] axis : axes) {
      List<String> next = new ArrayList<>();
      for (String prefix : out) {
        for (String setting : axis) {
          next.add(prefix.isEmpty() ? setting : prefix + "," + setting);
        }
      }
      out = next;
    }
    return out;
  }

  /** Throws, naming every method's count, unless all {@code methods} try the same number of configurations. */
  public void checkEqualBudget(List<String> methods) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String m : methods) {
      counts.put(m, configurations(m).size());
    }
    if (counts.values().stream().distinct().count() > 1) {
      throw new IllegalArgumentException("unequal tuning budget " + counts + ": give every method the same number "
          + "of configurations (--method-grid), or pass --allow-unequal-budget to compare anyway");
    }
  }

  /** Methods with a grid of their own that no run uses are a typo, most likely. */
  public void checkKnownMethods(List<String> methods) {
    for (String m : perMethod.keySet()) {
      if (!methods.contains(m)) {
        throw new IllegalArgumentException("--method-grid names " + m + ", which no run trains (runs: " + methods
            + ")");
      }
    }
  }
}
