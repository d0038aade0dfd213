package com.hdcsearch.index;

import java.util.Arrays;

/**
 * An item as stored in the index.
 *
 * @param itemId the catalog item id
 * @param label its label (may be null)
 * @param modelVersion the model that made the vector
 * @param vector the unit-length embedding (a copy)
 */
public record IndexedItem(String itemId, String label, String modelVersion, float[] vector) {
  public IndexedItem {
    vector = vector.clone();
  }

  @Override
  public float[] vector() {
    return vector.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexedItem other
        && itemId.equals(other.itemId)
        && java.util.Objects.equals(label, other.label)
        && modelVersion.equals(other.modelVersion)
        && Arrays.equals(vector, other.vector);
  }

  @Override
  public int hashCode() {
    return itemId.hashCode() * 31 + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "IndexedItem[itemId=" + itemId + ", label=" + label + ", modelVersion=" + modelVersion + ", dimension="
        + vector.length + "]";
  }
}
