package com.hdcsearch.data;

/** Reads one data set from its official on-disk layout. */
public interface DatasetReader {

  /** Registry name, e.g. "fashion-mnist", "emoji", "cub200", "cars196", "sop", "inshop". */
  String name();

  /**
   * Reads the data set.
   *
   * @throws MissingDatasetException when the files are not there; its message says how to get them
   * @throws java.io.UncheckedIOException when the files are there but cannot be read
   */
  Dataset read(DatasetOptions options);
}
