package com.hdcsearch.online;

import java.time.Instant;
import java.util.Map;

/**
 * One held-out decision, for the status endpoint and the dashboard's R@1-over-time chart.
 *
 * @param time when it was decided
 * @param candidate the candidate version
 * @param serving the version it was compared with
 * @param steps trainer steps behind the candidate
 * @param promoted the outcome
 * @param reason the gate's explanation
 * @param servingMetrics the serving version's held-out metrics on the same snapshot
 * @param candidateMetrics the candidate's
 */
public record GateRecord(Instant time, String candidate, String serving, long steps, boolean promoted, String reason,
    Map<String, Double> servingMetrics, Map<String, Double> candidateMetrics) {
  public GateRecord {
    servingMetrics = Map.copyOf(servingMetrics);
    candidateMetrics = Map.copyOf(candidateMetrics);
  }
}
