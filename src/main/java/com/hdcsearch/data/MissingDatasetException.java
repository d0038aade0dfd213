package com.hdcsearch.data;

/** A data set's files are not where they were looked for; the message says where we looked and how to get them. */
public final class MissingDatasetException extends RuntimeException {
  public MissingDatasetException(String message) {
    super(message);
  }
}
