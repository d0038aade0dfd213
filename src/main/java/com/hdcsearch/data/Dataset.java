package com.hdcsearch.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A labelled image data set as its reader splits it.
 *
 * <p>Retrieval protocols: zero-shot data sets have "train" and "test" (test is both query and gallery, the query
 * excluded); In-shop has "train", "query" and "gallery".
 *
 * @param name registry name, e.g. "fashion-mnist"
 * @param splits splits in their natural order
 */
public record Dataset(String name, Map<String, DatasetSplit> splits) {
  public Dataset {
    splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
  }

  /** The named split; the message lists the splits that exist. */
  public DatasetSplit split(String splitName) {
    DatasetSplit split = splits.get(splitName);
    if (split == null) {
      throw new IllegalArgumentException(
          "data set " + name + " has no split '" + splitName + "'; it has " + splits.keySet());
    }
    return split;
  }
}
