package com.hdcsearch.api;

import com.hdcsearch.index.IndexedItem;
import com.hdcsearch.index.RefreshStats;
import com.hdcsearch.index.SearchHit;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.metrics.LatencyBuckets;
import com.hdcsearch.metrics.VersionedTimers;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.stream.ImageDecoding;
import com.hdcsearch.stream.ImageRejectedException;
import com.hdcsearch.stream.PipelineMetrics;
import com.hdcsearch.serving.ServingModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Similar-item lookups against the serving index, timed per kind of lookup. */
@ApplicationScoped
public class SearchService {
  private final ServingIndex serving;
  private final ServingModel model;
  private final ImageDecoding decoding;
  private final PipelineMetrics pipelineMetrics;
  private final ApiSettings settings;
  /** Lookup latency by kind, each per model version. */
  private final Map<String, VersionedTimers> timers;

  SearchService(ServingIndex serving, ServingModel model, ImageDecoding decoding, PipelineMetrics pipelineMetrics,
      ApiSettings settings, MeterRegistry registry) {
    this.serving = serving;
    this.model = model;
    this.decoding = decoding;
    this.pipelineMetrics = pipelineMetrics;
    this.settings = settings;
    this.timers = Map.of("similar", lookupTimers(registry, "similar"), "image", lookupTimers(registry, "image"));
  }

  private static VersionedTimers lookupTimers(MeterRegistry registry, String kind) {
    return new VersionedTimers(registry, "hdc.search.latency", "time to answer one similarity lookup",
        LatencyBuckets.LOOKUP, Tags.of("kind", kind), VersionedTimers.DEFAULT_KEEP);
  }

  /** The k items most similar to {@code itemId}, itself excluded. */
  public SearchResponse similar(String itemId, int k) {
    checkK(k);
    return time("similar", version -> {
      try (ServingIndex.Lease lease = serving.acquire()) {
        VectorIndex index = lease.index();
        version.set(index.modelVersion());
        // One searcher for the item's vector and the search; only the kNN search and the hits' doc values are read.
        return answer(index, index.similarTo(itemId, k, settings.fanout()).orElseThrow(() -> notFound(itemId)));
      }
    });
  }

  /** The k items most similar to an uploaded image. */
  public SearchResponse similarToImage(byte[] encoded, int k) {
    checkK(k);
    BufferedImage image;
    try {
      image = decoding.decode(encoded);
    } catch (ImageRejectedException e) {
      int status = switch (e.reason()) {
        case TOO_MANY_BYTES, TOO_MANY_PIXELS -> 413;
        case UNSUPPORTED_TYPE -> 415;
        default -> 400;
      };
      throw new ApiException(status, e.reason().name(), e.getMessage());
    }
    return time("image", version -> {
      try (ServingIndex.Lease lease = serving.acquire()) {
        VectorIndex index = lease.index();
        version.set(index.modelVersion());
        // The query is embedded with the model of the index it searches, so versions are never compared.
        Embedder embedder;
        try {
          embedder = model.embedderFor(index.modelVersion());
        } catch (IllegalStateException e) {
          throw new ApiException(503, "MODEL_UNAVAILABLE", e.getMessage());
        }
        float[] query = embedder.embed(List.of(image))[0];
        return answer(index, index.search(query, k, settings.fanout(), null));
      }
    });
  }

  /** The stored item. */
  public ItemResponse item(String itemId) {
    try (ServingIndex.Lease lease = serving.acquire()) {
      IndexedItem item = lease.index().get(itemId).orElseThrow(() -> notFound(itemId));
      return new ItemResponse(item.itemId(), item.label(), item.modelVersion(), item.vector().length);
    }
  }

  /** The serving model, its index and the ingest figures. */
  public ModelResponse model() {
    try (ServingIndex.Lease lease = serving.acquire()) {
      VectorIndex index = lease.index();
      RefreshStats refresh = index.refreshStats();
      Map<String, Object> indexInfo = new LinkedHashMap<>();
      indexInfo.put("refreshes", refresh.refreshes());
      indexInfo.put("refreshMeanMs", refresh.meanMillis());
      indexInfo.put("refreshMaxMs", refresh.maxNanos() / 1e6);
      return new ModelResponse(index.modelVersion(), index.dimension(), index.size(), indexInfo,
          pipelineMetrics.summary());
    }
  }

  private void checkK(int k) {
    if (k < 1 || k > settings.maxK()) {
      throw new ApiException(400, "BAD_K", "k must be in [1, " + settings.maxK() + "], got: " + k);
    }
  }

  private static ApiException notFound(String itemId) {
    return new ApiException(404, "ITEM_NOT_FOUND", "no item with id '" + itemId + "' is indexed");
  }

  private static SearchResponse answer(VectorIndex index, List<SearchHit> hits) {
    return new SearchResponse(index.modelVersion(),
        hits.stream().map(h -> new SearchResponse.Result(h.itemId(), h.label(), h.score())).toList());
  }

  /**
   * Times {@code work}, which names the version of the index it searched (a swap can switch versions between
   * lookups); a lookup that failed before it acquired an index is timed under "none".
   */
  private <T> T time(String kind, Function<AtomicReference<String>, T> work) {
    Timer.Sample sample = Timer.start();
    AtomicReference<String> version = new AtomicReference<>("none");
    try {
      return work.apply(version);
    } finally {
      sample.stop(timers.get(kind).of(version.get()));
    }
  }
}
