package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EvalReportTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private static EvalReport sample() {
    return new EvalReport(new TreeMap<>(Map.of(2, 0.65, 1, 0.53, 16, 0.9)), 0.25, 0.61, 5924, 100, 5924, 5924, 1.5);
  }

  @Test
  void jsonHasTheAgreedShape() throws Exception {
    String json = mapper.writeValueAsString(sample());

    assertEquals("{\"recall\":{\"1\":0.53,\"2\":0.65,\"16\":0.9},\"map_at_r\":0.25,\"nmi\":0.61,\"images\":5924,"
        + "\"classes\":100,\"queries\":5924,\"gallery\":5924,\"seconds\":1.5}", json);
    JsonNode node = mapper.readTree(json);
    assertEquals(0.53, node.get("recall").get("1").asDouble());
  }

  @Test
  void jsonRoundTrips() throws Exception {
    EvalReport report = sample();

    EvalReport back = mapper.readValue(mapper.writeValueAsString(report), EvalReport.class);

    assertEquals(report, back);
    assertEquals(List.of(1, 2, 16), List.copyOf(back.recall().keySet()));
  }

  @Test
  void recallIsACopyAndReadOnly() {
    TreeMap<Integer, Double> recall = new TreeMap<>(Map.of(1, 0.5));
    EvalReport report = new EvalReport(recall, 0, 0, 1, 1, 1, 1, 0);
    recall.put(2, 1.0);

    assertEquals(Map.of(1, 0.5), report.recall());
    assertThrows(UnsupportedOperationException.class, () -> report.recall().put(4, 1.0));
    assertEquals(0.5, report.recallAt(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> report.recallAt(8));
    assertEquals("K must be one of [1], got: 8", e.getMessage());
  }
}
