package com.hdcsearch.online.bench;

import com.hdcsearch.data.LabelledImage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Held-out R@1 of whatever version serves, measured over the service's API the same way for every model: each query
 * item's nearest other item ({@code /similar}) is a hit when its label equals the query's. Queries not indexed yet
 * (404) are skipped. With a label filter, the top-1 is the best result among items of those labels (from the top
 * {@link #FILTER_DEPTH}), so that a gallery that grows with new classes does not count as forgetting.
 */
final class RecallProbe {
  static final int FILTER_DEPTH = 10;

  /** Hits among answered queries, and the versions the answers named (with counts). */
  record Recall(int hits, int answered, Map<String, Integer> versions) {
    double r1() {
      return answered == 0 ? Double.NaN : (double) hits / answered;
    }
  }

  private final ServiceClient client;

  RecallProbe(ServiceClient client) {
    this.client = client;
  }

  /** R@1 over the whole catalog. */
  Recall measure(List<LabelledImage> queries) throws IOException, InterruptedException {
    return measure(queries, null);
  }

  /** R@1 against items of {@code labels} only ({@code null}: the whole catalog). */
  Recall measure(List<LabelledImage> queries, Set<String> labels) throws IOException, InterruptedException {
    int hits = 0;
    int answered = 0;
    Map<String, Integer> versions = new TreeMap<>();
    for (LabelledImage q : queries) {
      ServiceClient.Answer a = client.similar(q.id(), labels == null ? 1 : FILTER_DEPTH);
      if (a.status() != 200) {
        continue;
      }
      answered++;
      versions.merge(String.valueOf(a.modelVersion()), 1, Integer::sum);
      String top = a.labels().stream().filter(l -> labels == null || labels.contains(l)).findFirst().orElse(null);
      if (q.className().equals(top)) {
        hits++;
      }
    }
    return new Recall(hits, answered, versions);
  }
}
