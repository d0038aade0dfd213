package com.hdcsearch.train.data;

import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetReader;
import java.util.List;

/**
 * Stand-in for the data team's {@code DatasetRegistry} until it is merged: finds this package's minimal readers by
 * name. Replace calls to {@link #read} with the registry; training code only takes {@code List<LabelledImage>}.
 */
public final class InterimDatasets {
  private static final List<DatasetReader> READERS = List.of(new FashionMnistZeroShotReader(),
      new EmojiZeroShotReader());

  private InterimDatasets() {}

  /** Reads the named data set ("fashion-mnist" or "emoji"). */
  public static Dataset read(String name, DatasetOptions options) {
    for (DatasetReader reader : READERS) {
      if (reader.name().equals(name)) {
        return reader.read(options);
      }
    }
    throw new IllegalArgumentException("unknown data set '" + name + "'; known: fashion-mnist, emoji");
  }
}
