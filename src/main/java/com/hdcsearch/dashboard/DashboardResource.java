package com.hdcsearch.dashboard;

import com.hdcsearch.api.ApiException;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.versions.ModelLifecycle;
import com.hdcsearch.versions.VersionEvent;
import com.hdcsearch.versions.VersionStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's one data endpoint: the sampled history of every figure it plots, and the version marks. */
@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {
  /** Most items one pick strip asks for. */
  static final int MAX_PICKS = 48;
  private static final int DEFAULT_PICKS = 12;

  private final DashboardHistory history;
  private final DashboardSettings settings;
  private final ModelLifecycle lifecycle;
  private final ServingIndex serving;

  DashboardResource(DashboardHistory history, DashboardSettings settings, ModelLifecycle lifecycle,
      ServingIndex serving) {
    this.history = history;
    this.settings = settings;
    this.lifecycle = lifecycle;
    this.serving = serving;
  }

  /**
   * The samples later than {@code since} (epoch ms; all when absent), and every version transition within the
   * retention: a page loads the whole history once, then polls with the time of the last sample it has.
   */
  @GET
  @Path("/history")
  public HistoryResponse history(@QueryParam("since") String since) {
    long after = parseSince(since);
    long now = System.currentTimeMillis();
    History.Window window = history.history().since(after);
    var book = lifecycle.book();
    return new HistoryResponse(settings.resolution().toMillis(), settings.retention().toMillis(), now,
        book.serving().map(VersionEvent::versionId).orElse(null), window.times(), window.series(),
        marks(book.history(), now - settings.retention().toMillis()));
  }

  /**
   * Items to pick a search from: {@code n} searchable items drawn with {@code seed} (the same ones for the same seed
   * and catalog, so a reload shows the same strip).
   */
  @GET
  @Path("/picks")
  public PicksResponse picks(@QueryParam("n") String n, @QueryParam("seed") String seed) {
    int count = (int) parseLong("n", n, DEFAULT_PICKS);
    if (count < 1 || count > MAX_PICKS) {
      throw new ApiException(400, "BAD_N", "n must be in [1, " + MAX_PICKS + "], got: " + count);
    }
    long s = parseLong("seed", seed, 1);
    try (ServingIndex.Lease lease = serving.acquire()) {
      VectorIndex index = lease.index();
      return new PicksResponse(index.modelVersion(), index.sample(count, s));
    }
  }

  /**
   * The transitions since {@code fromMillis}; a status that repeats the version's previous one is left out (every
   * instance reports SERVING for itself), a later return to it is not (a version promoted again).
   */
  static List<VersionMark> marks(List<VersionEvent> events, long fromMillis) {
    List<VersionMark> out = new ArrayList<>();
    Map<String, VersionStatus> last = new HashMap<>();
    for (VersionEvent e : events) {
      VersionStatus previous = last.put(e.versionId(), e.status());
      if (previous == e.status() || e.status() == VersionStatus.CANDIDATE) {
        continue;
      }
      // A decision follows the CANDIDATE event, or is the first event seen (compaction may have removed the rest).
      VersionMark mark = VersionMark.of(e, previous == null || previous == VersionStatus.CANDIDATE);
      if (mark.time() >= fromMillis) {
        out.add(mark);
      }
    }
    return out;
  }

  private static long parseSince(String since) {
    return parseLong("since", since, Long.MIN_VALUE);
  }

  private static long parseLong(String name, String value, long absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(400, "BAD_" + name.toUpperCase(java.util.Locale.ROOT),
          name + " must be a whole number, got: '" + value + "'");
    }
  }

  /**
   * The answer of {@link #picks}.
   *
   * @param modelVersion the version of the index they come from
   * @param items the items, in the order drawn
   */
  public record PicksResponse(String modelVersion, List<VectorIndex.Entry> items) {}

  /**
   * The answer of {@link #history}.
   *
   * @param resolutionMs time between two samples
   * @param retentionMs how far back samples are kept
   * @param now the service's clock, epoch ms
   * @param serving the version that serves now, or null
   * @param times sample times, epoch ms, oldest first
   * @param series per figure, its value at each sample time (null where none)
   * @param versions version transitions within the retention, oldest first (candidates left out: their decision
   *     follows)
   */
  public record HistoryResponse(long resolutionMs, long retentionMs, long now, String serving, List<Long> times,
      Map<String, List<Double>> series, List<VersionMark> versions) {}
}
