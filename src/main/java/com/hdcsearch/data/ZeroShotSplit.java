package com.hdcsearch.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Re-splits a closed-set data set by class for zero-shot retrieval: "train" keeps the training split's images of the
 * training classes, "test" keeps the test split's images of the other classes, so no test class is ever trained on
 * and the official test images stay the test images.
 */
public final class ZeroShotSplit {
  /** Fashion-MNIST's zero-shot protocol: classes below this label train, the rest test. */
  public static final int FASHION_MNIST_FIRST_TEST_CLASS = 5;

  private ZeroShotSplit() {}

  /** Fashion-MNIST: train classes 0-4 (from "train"), test classes 5-9 (from "test"). */
  public static Dataset fashionMnist(Dataset fashionMnist) {
    return byClass(fashionMnist, label -> label < FASHION_MNIST_FIRST_TEST_CLASS);
  }

  /** "train": the source's "train" images whose label passes {@code isTrainClass}; "test": its "test" images that do not. */
  public static Dataset byClass(Dataset source, IntPredicate isTrainClass) {
    List<LabelledImage> train = source.split("train").images().stream()
        .filter(image -> isTrainClass.test(image.label())).toList();
    List<LabelledImage> test = source.split("test").images().stream()
        .filter(image -> !isTrainClass.test(image.label())).toList();
    if (train.isEmpty() || test.isEmpty()) {
      throw new IllegalArgumentException("zero-shot split of " + source.name() + " leaves " + train.size()
          + " train and " + test.size() + " test images; both need at least one");
    }
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    splits.put("train", new DatasetSplit("train", train));
    splits.put("test", new DatasetSplit("test", test));
    return new Dataset(source.name() + "-zero-shot", splits);
  }
}
