package com.hdcsearch.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** A soak's samples, slopes after the warm-up, and verdict against its bounds. */
final class SoakResult {
  private static final double MIB = 1024.0 * 1024.0;
  /** The heap's floor is taken per window of this many seconds. */
  private static final double FLOOR_WINDOW_S = 60;

  private final SoakOptions options;
  private final double rssSlope;
  private final double heapFloorSlope;
  private final double filesSlope;
  private final double threadsSlope;
  private final int measured;
  private final int versions;
  private final long lookups;
  private final long missed;
  private final long failed;
  private final long timeouts;
  private final String firstFailure;
  private final List<String> leftoverDirs;

  SoakResult(SoakOptions options, List<ProcessSample> samples, int versions, long lookups, long missed, long failed,
      long timeouts, String firstFailure, List<String> leftoverDirs) {
    this.options = options;
    double warm = options.warmup().toMillis() / 1e3;
    List<ProcessSample> after = samples.stream().filter(s -> s.seconds() >= warm).toList();
    if (after.size() < 2) {
      throw new IllegalStateException("only " + after.size() + " samples after the warm-up: run longer");
    }
    this.measured = after.size();
    this.rssSlope = Slope.perHour(after, ProcessSample::seconds, s -> s.rssBytes() / MIB);
    this.filesSlope = Slope.perHour(after, ProcessSample::seconds, ProcessSample::openFiles);
    this.threadsSlope = Slope.perHour(after, ProcessSample::seconds, ProcessSample::threads);
    List<double[]> floors = heapFloors(after);
    this.heapFloorSlope = floors.size() < 2 ? Double.NaN : Slope.perHour(floors, p -> p[0], p -> p[1] / MIB);
    this.versions = versions;
    this.lookups = lookups;
    this.missed = missed;
    this.failed = failed;
    this.timeouts = timeouts;
    this.firstFailure = firstFailure;
    this.leftoverDirs = List.copyOf(leftoverDirs);
  }

  /** Per window, the least heap in use (at its time): the part that survives collections. */
  static List<double[]> heapFloors(List<ProcessSample> samples) {
    TreeMap<Long, double[]> byWindow = new TreeMap<>();
    for (ProcessSample s : samples) {
      long w = (long) (s.seconds() / FLOOR_WINDOW_S);
      double[] cur = byWindow.get(w);
      if (cur == null || s.heapBytes() < cur[1]) {
        byWindow.put(w, new double[] {s.seconds(), s.heapBytes()});
      }
    }
    return new ArrayList<>(byWindow.values());
  }

  List<String> failures() {
    SoakBounds b = options.bounds();
    List<String> out = new ArrayList<>();
    if (rssSlope > b.rssMibPerHour()) {
      out.add(String.format(Locale.ROOT, "RSS grows %.1f MiB/h > %.0f", rssSlope, b.rssMibPerHour()));
    }
    if (!(heapFloorSlope <= b.heapMibPerHour())) {
      out.add(String.format(Locale.ROOT, "heap floor grows %.1f MiB/h > %.0f", heapFloorSlope, b.heapMibPerHour()));
    }
    if (filesSlope > b.openFilesPerHour()) {
      out.add(String.format(Locale.ROOT, "open files grow %.1f/h > %.0f", filesSlope, b.openFilesPerHour()));
    }
    if (threadsSlope > b.threadsPerHour()) {
      out.add(String.format(Locale.ROOT, "threads grow %.1f/h > %.0f", threadsSlope, b.threadsPerHour()));
    }
    if (failed > 0) {
      out.add(failed + " lookups failed, the first: " + firstFailure);
    }
    if (!leftoverDirs.isEmpty()) {
      out.add("retired index directories left: " + leftoverDirs);
    }
    return out;
  }

  boolean passed() {
    return failures().isEmpty();
  }

  String slopesLine() {
    return String.format(Locale.ROOT, "soak slopes after %.0f s warm-up over %d samples: rss %+.1f MiB/h (bound %.0f), "
        + "heap floor %+.1f MiB/h (%.0f), open files %+.1f/h (%.0f), threads %+.1f/h (%.0f)%s",
        options.warmup().toMillis() / 1e3, measured, rssSlope, options.bounds().rssMibPerHour(), heapFloorSlope,
        options.bounds().heapMibPerHour(), filesSlope, options.bounds().openFilesPerHour(), threadsSlope,
        options.bounds().threadsPerHour(), passed() ? "" : "; FAILED: " + String.join("; ", failures()));
  }

  /** The last line. */
  String summaryLine() {
    return String.format(Locale.ROOT, "soak minutes=%.1f rss_mib_per_h=%.1f heap_mib_per_h=%.1f open_files_per_h=%.1f "
        + "threads_per_h=%.1f versions=%d lookups=%d not_found=%d failed_lookups=%d lookup_timeouts=%d "
        + "retired_dirs_left=%d result=%s", options.duration().toMillis() / 60e3, rssSlope, heapFloorSlope, filesSlope,
        threadsSlope, versions, lookups, missed, failed, timeouts, leftoverDirs.size(), passed() ? "PASS" : "FAIL");
  }
}
