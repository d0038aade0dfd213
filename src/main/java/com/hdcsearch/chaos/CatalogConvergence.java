package com.hdcsearch.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.process.ServiceHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the {@link CatalogCheck} on every live instance, and with more than one the {@link InstanceAgreement} between
 * them, again and again until all are clean and agree or the timeout passes; the last round is the verdict. The one
 * way both campaigns (embedded broker, cluster) check a restart.
 */
final class CatalogConvergence {
  private static final Duration CHECK_EVERY = Duration.ofSeconds(2);
  /** Nearest items asked for in the agreement's lookups. */
  private static final int K = 5;
  /** Items whose lookups the instances must answer alike. */
  private static final int PROBES = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An instance to check: its name and API. */
  record Target(String name, ServiceHttp http) {}

  /**
   * A verdict.
   *
   * @param checks one per target, in order
   * @param differences between the targets (empty with one target)
   * @param at {@link System#nanoTime()} of the verdict
   */
  record Verdict(List<CatalogCheck.Result> checks, List<String> differences, long at) {
    boolean clean() {
      return differences.isEmpty() && checks.stream().allMatch(CatalogCheck.Result::clean);
    }
  }

  private final List<Target> targets;
  private final String bootstrap;
  private final Duration timeout;

  CatalogConvergence(List<Target> targets, String bootstrap, Duration timeout) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one instance to check is needed");
    }
    this.targets = List.copyOf(targets);
    this.bootstrap = bootstrap;
    this.timeout = timeout;
  }

  /**
   * Checks until clean or the timeout.
   *
   * @param context what to add to the error when no round succeeded at all (the end of the services' logs)
   */
  Verdict await(ProducerLog log, Supplier<String> context) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Verdict last = null;
    String error = null;
    while (System.nanoTime() < deadline) {
      try {
        last = round(log);
        if (last.clean()) {
          return last;
        }
      } catch (IOException | RuntimeException e) {
        error = e.toString(); // e.g. the catalog store still restoring (503): try again
      }
      Thread.sleep(CHECK_EVERY.toMillis());
    }
    if (last == null) {
      throw new IllegalStateException("no check of the catalog succeeded within " + timeout + ": " + error + "\n"
          + context.get());
    }
    return last;
  }

  private Verdict round(ProducerLog log) throws IOException, InterruptedException {
    List<CatalogCheck.Result> checks = new ArrayList<>();
    List<InstanceAgreement.View> views = new ArrayList<>();
    List<String> probes = log.live().keySet().stream().limit(PROBES).toList();
    for (Target t : targets) {
      CatalogCheck.Result r = new CatalogCheck(t.http(), bootstrap).run(log);
      checks.add(r);
      if (targets.size() > 1) {
        views.add(InstanceAgreement.View.of(t.name(), r, answers(t.http(), probes)));
      }
    }
    return new Verdict(checks, InstanceAgreement.differences(views), System.nanoTime());
  }

  /** The ids of each probe's nearest items on one instance (a probe it does not find is left out). */
  private static Map<String, List<String>> answers(ServiceHttp http, List<String> probes)
      throws IOException, InterruptedException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String probe : probes) {
      HttpResponse<String> r = http.get("/api/items/" + ServiceHttp.encode(probe) + "/similar?k=" + K);
      if (r.statusCode() != 200) {
        continue;
      }
      JsonNode body = JSON.readTree(r.body());
      List<String> ids = new ArrayList<>();
      body.path("results").forEach(hit -> ids.add(hit.path("itemId").asText()));
      out.put(probe, ids);
    }
    return out;
  }
}
