package com.hdcsearch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validation split on Fashion-MNIST's real zero-shot train half (classes 0-4). */
class ValidationSplitTest {
  @Test
  void carvesClassDisjointFromTheTrainingClassesOnly() {
    Dataset zeroShot = RetrievalSplits.zeroShot(DatasetRegistry.standard(), "fashion-mnist",
        DatasetOptions.defaults());
    Dataset val = ValidationSplit.carve(zeroShot, 0.25, 0);
    Set<Integer> trainLabels = labels(val.split("train"));
    Set<Integer> valLabels = labels(val.split("test"));
    // 0.25 x 5 rounds to 1, but retrieval needs two classes.
    assertEquals(2, valLabels.size());
    assertEquals(3, trainLabels.size());
    Set<Integer> union = new HashSet<>(trainLabels);
    union.addAll(valLabels);
    assertEquals(labels(zeroShot.split("train")), union, "only training classes are used");
    assertTrue(valLabels.stream().noneMatch(trainLabels::contains), "class-disjoint");
    assertEquals(zeroShot.split("train").size(), val.split("train").size() + val.split("test").size());
    // Seeded: the same seed the same classes, another seed may pick others.
    assertEquals(valLabels, labels(ValidationSplit.carve(zeroShot, 0.25, 0).split("test")));
    var e = assertThrows(IllegalArgumentException.class, () -> ValidationSplit.carve(zeroShot, 1.0, 0));
    assertEquals("validation share must be in (0, 1), got: 1.0", e.getMessage());
  }

  private static Set<Integer> labels(DatasetSplit split) {
    Set<Integer> out = new HashSet<>();
    split.images().forEach(i -> out.add(i.label()));
    return out;
  }
}
