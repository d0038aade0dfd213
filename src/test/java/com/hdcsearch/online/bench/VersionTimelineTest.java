package com.hdcsearch.online.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class VersionTimelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** v1 serves from t=100 s, v2 is promoted at 200 s and serves from 230 s, v3 is rejected at 300 s. */
  private static JsonNode history() throws Exception {
    return JSON.readTree("""
        {"serving": "v2", "history": [
          {"versionId": "v1", "status": "SERVING", "eventTime": "1970-01-01T00:01:40Z"},
          {"versionId": "v2", "status": "CANDIDATE", "eventTime": 199.5},
          {"versionId": "v2", "status": "PROMOTED", "eventTime": 200.0},
          {"versionId": "v2", "status": "SERVING", "eventTime": 230.25},
          {"versionId": "v1", "status": "RETIRED", "eventTime": 231.0},
          {"versionId": "v3", "status": "CANDIDATE", "eventTime": 299.0},
          {"versionId": "v3", "status": "REJECTED", "eventTime": 300.0}]}
        """);
  }

  @Test
  void readsServingIntervalsPromotionsRejectionsAndSwaps() throws Exception {
    VersionTimeline t = VersionTimeline.of(history());

    assertEquals(List.of(new VersionTimeline.Interval("v1", 100_000, 230_250),
        new VersionTimeline.Interval("v2", 230_250, Long.MAX_VALUE)), t.serving());
    assertEquals(List.of("v2"), t.promoted());
    assertEquals(List.of("v3"), t.rejected());
    assertEquals(30_250, t.swaps().get(0).millis());
    assertNull(t.servingAt(99_999));
    assertEquals("v1", t.servingAt(230_249));
    assertEquals("v2", t.servingAt(230_250));
  }

  @Test
  void countsAnswersOutsideTheirVersionsServingTimeAsMixed() throws Exception {
    VersionTimeline t = VersionTimeline.of(history());
    Map<String, Map<Long, LongAdder>> tally = Map.of(
        "v1", seconds(150, 5, 232, 7, 233, 11), // 232 s lies within the 2 s slack after v2 took over; 233 s not
        "v2", seconds(228, 3, 227, 13, 400, 2), // 228 s lies within the slack before; 227 s not
        "v3", seconds(301, 17), // rejected: never served
        LookupHammer.NO_VERSION, seconds(150, 19));

    assertEquals(11 + 13 + 17 + 19, t.mixed(tally));
  }

  private static Map<Long, LongAdder> seconds(long... secondAndCount) {
    Map<Long, LongAdder> m = new ConcurrentSkipListMap<>();
    for (int i = 0; i < secondAndCount.length; i += 2) {
      LongAdder a = new LongAdder();
      a.add(secondAndCount[i + 1]);
      m.put(secondAndCount[i], a);
    }
    return m;
  }
}
