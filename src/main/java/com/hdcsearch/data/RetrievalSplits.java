package com.hdcsearch.data;

/**
 * The zero-shot retrieval split that training and evaluation use for a data set: train on one half of the classes,
 * evaluate on the unseen other half. Most readers split that way already; Fashion-MNIST's official split is by image,
 * so it is re-split by class (train classes 0-4, test classes 5-9).
 */
public final class RetrievalSplits {
  private RetrievalSplits() {}

  /** Reads {@code name} with {@code registry} and returns its zero-shot "train"/"test" (or In-shop's) splits. */
  public static Dataset zeroShot(DatasetRegistry registry, String name, DatasetOptions options) {
    Dataset dataset = registry.read(name, options);
    return "fashion-mnist".equals(name) ? ZeroShotSplit.fashionMnist(dataset) : dataset;
  }
}
