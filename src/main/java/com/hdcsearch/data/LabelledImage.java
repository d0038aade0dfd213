package com.hdcsearch.data;

import java.util.Objects;

/**
 * One image of a data set with its class.
 *
 * @param id stable id, unique within the data set: {@code <dataset>-<split>-<index>} for indexed formats
 * @param label class index within the data set (not within the split); same label = same class
 * @param className human-readable class name (e.g. "Sneaker", an emoji's short name)
 * @param source lazy access to the pixels
 */
public record LabelledImage(String id, int label, String className, ImageSource source) {
  public LabelledImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(source, "source");
    if (label < 0) {
      throw new IllegalArgumentException("label must be >= 0, got: " + label);
    }
  }
}
