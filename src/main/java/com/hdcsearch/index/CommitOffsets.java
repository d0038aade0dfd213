package com.hdcsearch.index;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The next offset to read per partition of one input topic, as stored in an index commit: everything before it is in
 * the committed index. Keys look like {@code offset.<topic>.<partition>}.
 *
 * @param topic the input topic
 * @param next next offset per partition
 */
public record CommitOffsets(String topic, SortedMap<Integer, Long> next) {
  private static final String PREFIX = "offset.";

  public CommitOffsets {
    next = new TreeMap<>(next);
  }

  @Override
  public SortedMap<Integer, Long> next() {
    return new TreeMap<>(next);
  }

  /** The offsets of {@code topic} found in commit user data (empty when none were stored). */
  public static CommitOffsets fromCommitData(String topic, Map<String, String> data) {
    String prefix = PREFIX + topic + ".";
    TreeMap<Integer, Long> next = new TreeMap<>();
    for (Map.Entry<String, String> e : data.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        next.put(Integer.parseInt(e.getKey().substring(prefix.length())), Long.parseLong(e.getValue()));
      }
    }
    return new CommitOffsets(topic, next);
  }

  /** The entries to put into commit user data. */
  public Map<String, String> toCommitData() {
    Map<String, String> data = new TreeMap<>();
    next.forEach((p, o) -> data.put(PREFIX + topic + "." + p, Long.toString(o)));
    return data;
  }
}
