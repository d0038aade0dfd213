package com.hdcsearch.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.hdcsearch.process.ServiceHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares what the service serves with the producer's log: every live item searchable under the serving version
 * with its newest label and image, every deleted item absent, every rejected record in the dead-letter topic, and no
 * document beyond one per item.
 */
final class CatalogCheck {
  /** Examples kept per kind of problem, for the report. */
  private static final int EXAMPLES = 5;

  /**
   * One comparison.
   *
   * @param live items that must be served
   * @param lost live items not found, plus rejected records missing from the dead-letter topic
   * @param duplicated documents in the index beyond one per item found
   * @param stale items served with an older label or image, under another version than the serving one, deleted
   *     items still found, and rejected records found in the index
   * @param dlqRepeats dead letters beyond one per rejected record (at-least-once output: allowed, counted)
   * @param version the serving version
   * @param problems a few examples of each problem
   * @param indexed documents in the serving index (the smaller of the counts before and after the check)
   * @param served per item found, its label and the version it was found under ({@code label@version}): what
   *     {@link InstanceAgreement} compares between instances
   */
  record Result(int live, int lost, int duplicated, int stale, int dlqRepeats, String version, List<String> problems,
      int indexed, Map<String, String> served) {
    Result {
      problems = List.copyOf(problems);
      served = Map.copyOf(served);
    }

    boolean clean() {
      return lost == 0 && duplicated == 0 && stale == 0;
    }
  }

  private final ServiceHttp http;
  private final String bootstrap;

  CatalogCheck(ServiceHttp http, String bootstrap) {
    this.http = http;
    this.bootstrap = bootstrap;
  }

  Result run(ProducerLog log) throws IOException, InterruptedException {
    List<String> problems = new ArrayList<>();
    String version = http.modelVersion();
    int indexedBefore = http.indexedItems();
    Map<String, CatalogEvent> live = log.live();
    int lost = 0;
    int stale = 0;
    int found = 0;
    Map<String, String> served = new TreeMap<>();
    for (CatalogEvent e : live.values()) {
      Optional<JsonNode> item = http.item(e.key());
      if (item.isEmpty()) {
        lost++;
        note(problems, "lost " + e.key() + " (" + e.kind() + " seq " + e.seq() + ")");
        continue;
      }
      found++;
      String label = item.get().path("label").asText();
      String itemVersion = item.get().path("modelVersion").asText();
      served.put(e.key(), label + "@" + itemVersion);
      if (!label.equals(e.label())) {
        stale++;
        note(problems, "stale label " + e.key() + ": " + label + ", expected " + e.label());
      } else if (!itemVersion.equals(version)) {
        stale++;
        note(problems, "other version " + e.key() + ": " + itemVersion + ", serving " + version);
      } else if (!e.imageSha().equals(imageSha(e.key()))) {
        stale++;
        note(problems, "stale image " + e.key());
      }
    }
    for (String key : log.deleted()) {
      if (http.searchable(key)) {
        found++;
        stale++;
        served.put(key, "deleted but found");
        note(problems, "deleted but found " + key);
      }
    }
    Set<String> rejected = log.rejected();
    Map<String, Integer> letters = DeadLetterKeys.read(bootstrap);
    int repeats = 0;
    for (String key : rejected) {
      int n = letters.getOrDefault(key, 0);
      if (n == 0) {
        lost++;
        note(problems, "no dead letter for " + key);
      }
      repeats += Math.max(0, n - 1);
      if (http.searchable(key)) {
        found++;
        stale++;
        served.put(key, "rejected but found");
        note(problems, "rejected but found " + key);
      }
    }
    int indexed = Math.min(indexedBefore, http.indexedItems());
    int duplicated = Math.max(0, indexed - found);
    if (duplicated > 0) {
      note(problems, "index holds " + indexed + " documents for " + found + " items");
    }
    return new Result(live.size(), lost, duplicated, stale, repeats, version, problems, indexed, served);
  }

  private String imageSha(String key) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.getBytes("/api/items/" + ServiceHttp.encode(key) + "/image");
    return r.statusCode() == 200 ? CatalogEvents.sha256(r.body()) : "status " + r.statusCode();
  }

  private static void note(List<String> problems, String what) {
    if (problems.size() < EXAMPLES * 4) {
      problems.add(what);
    }
  }
}
