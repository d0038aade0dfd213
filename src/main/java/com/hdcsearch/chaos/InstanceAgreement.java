package com.hdcsearch.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Whether the live instances of one cluster serve the same catalog: the same serving version, the same number of
 * documents, every item found on one found on all with the same label under the same version, and the same hits for
 * the same lookups. Each instance is compared with the first; the answer is a list of the differences (empty: they
 * agree), a few examples of each kind.
 */
final class InstanceAgreement {
  /** Examples kept per kind of difference. */
  static final int EXAMPLES = 5;

  /**
   * What one instance serves.
   *
   * @param instance its name
   * @param version its serving version
   * @param indexed documents in its serving index
   * @param served per item found, {@code label@version} ({@link CatalogCheck.Result#served()})
   * @param answers per probe item, the ids of its nearest items, nearest first
   */
  record View(String instance, String version, int indexed, Map<String, String> served,
      Map<String, List<String>> answers) {
    View {
      Objects.requireNonNull(instance, "instance");
      served = Map.copyOf(served);
      answers = Map.copyOf(answers);
    }

    /** The view of a {@link CatalogCheck} of {@code instance}, with its answers to the probe lookups. */
    static View of(String instance, CatalogCheck.Result check, Map<String, List<String>> answers) {
      return new View(instance, check.version(), check.indexed(), check.served(), answers);
    }
  }

  private InstanceAgreement() {}

  /** The differences of each view from the first; empty when they all agree (or there is one view). */
  static List<String> differences(List<View> views) {
    List<String> out = new ArrayList<>();
    if (views.size() < 2) {
      return out;
    }
    View first = views.get(0);
    for (View other : views.subList(1, views.size())) {
      String pair = first.instance() + " / " + other.instance();
      if (!Objects.equals(first.version(), other.version())) {
        out.add("serving version " + pair + ": " + first.version() + " / " + other.version());
      }
      if (first.indexed() != other.indexed()) {
        out.add("documents " + pair + ": " + first.indexed() + " / " + other.indexed());
      }
      int items = 0;
      TreeSet<String> keys = new TreeSet<>(first.served().keySet());
      keys.addAll(other.served().keySet());
      for (String key : keys) {
        String a = first.served().get(key);
        String b = other.served().get(key);
        if (!Objects.equals(a, b) && items++ < EXAMPLES) {
          out.add("item " + key + " " + pair + ": " + shown(a) + " / " + shown(b));
        }
      }
      int lookups = 0;
      TreeSet<String> probes = new TreeSet<>(first.answers().keySet());
      probes.retainAll(other.answers().keySet()); // a probe deleted in between is asked of neither
      for (String probe : probes) {
        List<String> a = first.answers().get(probe);
        List<String> b = other.answers().get(probe);
        if (!a.equals(b) && lookups++ < EXAMPLES) {
          out.add("similar to " + probe + " " + pair + ": " + a + " / " + b);
        }
      }
      if (items > EXAMPLES) {
        out.add((items - EXAMPLES) + " more items differ " + pair);
      }
      if (lookups > EXAMPLES) {
        out.add((lookups - EXAMPLES) + " more lookups differ " + pair);
      }
    }
    return out;
  }

  private static String shown(String served) {
    return served == null ? "not found" : served;
  }
}
