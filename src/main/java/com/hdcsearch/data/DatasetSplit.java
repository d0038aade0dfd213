package com.hdcsearch.data;

import java.util.List;

/**
 * One named split of a data set ("train", "test", "query", "gallery").
 *
 * @param name split name
 * @param images the split's images, in the data set's stable order
 */
public record DatasetSplit(String name, List<LabelledImage> images) {
  public DatasetSplit {
    images = List.copyOf(images);
  }

  /** Number of distinct labels in this split. */
  public int classCount() {
    return (int) images.stream().mapToInt(LabelledImage::label).distinct().count();
  }

  public int size() {
    return images.size();
  }
}
