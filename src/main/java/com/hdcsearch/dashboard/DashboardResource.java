package com.hdcsearch.dashboard;

import com.hdcsearch.api.ApiException;
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
  private final DashboardHistory history;
  private final DashboardSettings settings;
  private final ModelLifecycle lifecycle;

  DashboardResource(DashboardHistory history, DashboardSettings settings, ModelLifecycle lifecycle) {
    this.history = history;
    this.settings = settings;
    this.lifecycle = lifecycle;
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
      VersionMark mark = VersionMark.of(e);
      if (mark.time() >= fromMillis) {
        out.add(mark);
      }
    }
    return out;
  }

  private static long parseSince(String since) {
    if (since == null || since.isBlank()) {
      return Long.MIN_VALUE;
    }
    try {
      return Long.parseLong(since.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(400, "BAD_SINCE", "since must be epoch milliseconds, got: '" + since + "'");
    }
  }

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
