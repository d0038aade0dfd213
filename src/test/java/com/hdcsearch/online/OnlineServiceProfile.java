package com.hdcsearch.online;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with online training on, a candidate every few steps, and an admin token. Fashion-MNIST has ten
 * classes: training on a few of them makes the unseen ones worse (see {@code OnlineLearningTest}), so here no label
 * is held out whole and the gate judges on held-out items of the trained classes, where training helps: the
 * promotion is the gate's real decision, with no margin.
 */
public class OnlineServiceProfile implements QuarkusTestProfile {
  static final String TOKEN = "test-admin-token-0123456789";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("hdc.online.enabled", "true"),
        Map.entry("hdc.online.classes-per-batch", "6"),
        Map.entry("hdc.online.images-per-class", "4"),
        Map.entry("hdc.online.min-classes", "4"),
        Map.entry("hdc.online.candidate-every-steps", "15"),
        Map.entry("hdc.online.candidate-min-interval", "0s"),
        Map.entry("hdc.online.heldout.label-share", "0"),
        Map.entry("hdc.online.heldout.item-share", "0.25"),
        Map.entry("hdc.online.gate.margin", "0"),
        Map.entry("hdc.online.gate.min-classes", "2"),
        Map.entry("hdc.online.yield-backlog", "100000"),
        Map.entry("hdc.admin.token", TOKEN),
        // PrometheusDashboardTest: Kafka's metrics bound within seconds of a client adding them.
        Map.entry("hdc.metrics.kafka-refresh", "2s"));
  }
}
