package com.hdcsearch.online;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with online training on, a candidate every few steps, a gate that promotes any candidate (the gate's
 * own judgement is tested in {@code HeldOutGateTest}; here the plumbing from training to serving is), and an admin
 * token.
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
        Map.entry("hdc.online.gate.margin", "-1"),
        Map.entry("hdc.online.gate.seen-tolerance", "1"),
        Map.entry("hdc.online.gate.min-classes", "2"),
        Map.entry("hdc.online.yield-backlog", "100000"),
        Map.entry("hdc.admin.token", TOKEN));
  }
}
