package com.hdcsearch.data;

import com.hdcsearch.data.readers.Cars196Reader;
import com.hdcsearch.data.readers.Cub200Reader;
import com.hdcsearch.data.readers.Emoji4vReader;
import com.hdcsearch.data.readers.FashionMnistReader;
import com.hdcsearch.data.readers.InShopReader;
import com.hdcsearch.data.readers.StanfordOnlineProductsReader;
import com.hdcsearch.image.ImageDecoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Data set readers by name; an unknown name is an error that lists the known ones. */
public final class DatasetRegistry {
  private final Map<String, DatasetReader> readers = new LinkedHashMap<>();

  /** The given readers, in order; two with one name is an error. */
  public DatasetRegistry(List<DatasetReader> readers) {
    for (DatasetReader reader : readers) {
      DatasetReader previous = this.readers.putIfAbsent(reader.name(), reader);
      if (previous != null) {
        throw new IllegalArgumentException("two readers named '" + reader.name() + "': " + previous.getClass().getName()
            + " and " + reader.getClass().getName());
      }
    }
  }

  /** All built-in readers with default roots under {@code roots} and images decoded within default limits. */
  public static DatasetRegistry standard(DataRoots roots) {
    ImageDecoder decoder = new ImageDecoder();
    return new DatasetRegistry(List.of(
        new FashionMnistReader(roots),
        new Emoji4vReader(roots, decoder),
        new Cub200Reader(roots, decoder),
        new Cars196Reader(roots, decoder),
        new StanfordOnlineProductsReader(roots, decoder),
        new InShopReader(roots, decoder)));
  }

  /** {@link #standard(DataRoots)} with roots from the system property or environment. */
  public static DatasetRegistry standard() {
    return standard(DataRoots.fromEnvironment());
  }

  /** Registered names, in registration order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(readers.keySet());
  }

  /** The reader of {@code name}. */
  public DatasetReader reader(String name) {
    DatasetReader reader = readers.get(name);
    if (reader == null) {
      throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + String.join(", ", readers.keySet()));
    }
    return reader;
  }

  /** Reads {@code name} with {@code options}. */
  public Dataset read(String name, DatasetOptions options) {
    return reader(name).read(options);
  }
}
