package com.hdcsearch.versions;

import java.util.List;

/** A version id that the registry does not know. */
public final class UnknownVersionException extends IllegalArgumentException {
  public UnknownVersionException(String id, List<String> known) {
    super("no model version '" + id + "' in model.versions; known: " + (known.size() > 20
        ? known.subList(known.size() - 20, known.size()) + " (last 20)" : known));
  }
}
