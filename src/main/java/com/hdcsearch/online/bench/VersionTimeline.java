package com.hdcsearch.online.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code GET /api/model/versions}'s history says happened: which version served from when to when, which were
 * promoted or rejected, and how long each promoted version took to serve (the re-embedding swap).
 */
final class VersionTimeline {
  /**
   * How far an answer may lie outside its version's serving interval and still count as that version's: a search
   * that acquired the old index just before the switch answers just after it, and the SERVING event is written a
   * moment after the switch itself. Answers are booked by the whole second they arrived in, which adds up to 1 s.
   */
  static final long SLACK_MILLIS = 2_000;

  /** One version's serving interval, end exclusive ({@link Long#MAX_VALUE} while it still serves). */
  record Interval(String versionId, long fromMillis, long toMillis) {}

  /** A promoted version that went on to serve, and how long after its promotion. */
  record Swap(String versionId, long promotedMillis, long servingMillis) {
    long millis() {
      return servingMillis - promotedMillis;
    }
  }

  private final List<Interval> serving = new ArrayList<>();
  private final List<String> promoted = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();
  private final List<Swap> swaps = new ArrayList<>();

  /** Reads the {@code history} array of a {@code /api/model/versions} answer (transitions in order). */
  static VersionTimeline of(JsonNode versions) {
    VersionTimeline t = new VersionTimeline();
    Map<String, Long> promotedAt = new LinkedHashMap<>();
    List<String> servingOrder = new ArrayList<>();
    Map<String, Long> servingAt = new LinkedHashMap<>();
    for (JsonNode e : versions.path("history")) {
      String id = e.path("versionId").asText();
      long at = millis(e.path("eventTime"));
      switch (e.path("status").asText()) {
        case "PROMOTED" -> {
          if (!promotedAt.containsKey(id)) {
            promotedAt.put(id, at);
            t.promoted.add(id);
          }
        }
        case "REJECTED" -> {
          if (!t.rejected.contains(id)) {
            t.rejected.add(id);
          }
        }
        case "SERVING" -> {
          if (!servingAt.containsKey(id)) {
            servingAt.put(id, at);
            servingOrder.add(id);
            if (promotedAt.containsKey(id)) {
              t.swaps.add(new Swap(id, promotedAt.get(id), at));
            }
          }
        }
        default -> { }
      }
    }
    for (int i = 0; i < servingOrder.size(); i++) {
      String id = servingOrder.get(i);
      long to = i + 1 < servingOrder.size() ? servingAt.get(servingOrder.get(i + 1)) : Long.MAX_VALUE;
      t.serving.add(new Interval(id, servingAt.get(id), to));
    }
    return t;
  }

  /** Epoch millis of an Instant as Jackson writes it: an ISO string, or seconds (possibly fractional) as a number. */
  static long millis(JsonNode node) {
    if (node.isNumber()) {
      return (long) (node.asDouble() * 1000);
    }
    if (node.isTextual()) {
      return Instant.parse(node.asText()).toEpochMilli();
    }
    throw new IllegalArgumentException("not a time: " + node);
  }

  List<Interval> serving() {
    return List.copyOf(serving);
  }

  /** Versions promoted automatically or by an operator, in order. */
  List<String> promoted() {
    return List.copyOf(promoted);
  }

  List<String> rejected() {
    return List.copyOf(rejected);
  }

  List<Swap> swaps() {
    return List.copyOf(swaps);
  }

  /** The version that served at {@code epochMillis}, or null before the first. */
  String servingAt(long epochMillis) {
    String found = null;
    for (Interval i : serving) {
      if (i.fromMillis() <= epochMillis) {
        found = i.versionId();
      }
    }
    return found;
  }

  /**
   * Answers whose version was not serving when they arrived (± {@link #SLACK_MILLIS}), or that named none: counted
   * from per-version, per-second tallies.
   */
  long mixed(Map<String, Map<Long, LongAdder>> perVersionSecond) {
    long mixed = 0;
    for (var byVersion : perVersionSecond.entrySet()) {
      Interval interval = serving.stream().filter(i -> i.versionId().equals(byVersion.getKey())).findFirst()
          .orElse(null);
      for (var bySecond : byVersion.getValue().entrySet()) {
        long from = bySecond.getKey() * 1000;
        long to = from + 999;
        boolean ok = interval != null && to >= interval.fromMillis() - SLACK_MILLIS
            && (interval.toMillis() == Long.MAX_VALUE || from <= interval.toMillis() + SLACK_MILLIS);
        if (!ok) {
          mixed += bySecond.getValue().sum();
        }
      }
    }
    return mixed;
  }
}
