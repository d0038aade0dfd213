package com.hdcsearch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One latency histogram per model version ({@code model_version} tag), for the versions seen last: a service that
 * promotes a version every few minutes would otherwise publish the buckets of every version it ever served. When a
 * version beyond {@code keep} arrives, the oldest one's timer leaves the registry (its series end in Prometheus).
 */
public final class VersionedTimers {
  /** Versions kept by default: the serving one, the incoming one of a swap, and the one before (a rollback). */
  public static final int DEFAULT_KEEP = 3;

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final LatencyBuckets buckets;
  private final Tags tags;
  private final int keep;
  /** In the order the versions first appeared. */
  private final LinkedHashMap<String, Timer> byVersion = new LinkedHashMap<>();

  public VersionedTimers(MeterRegistry registry, String name, String description, LatencyBuckets buckets, Tags tags,
      int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, got: " + keep);
    }
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.buckets = buckets;
    this.tags = tags;
    this.keep = keep;
  }

  /** The timer of {@code modelVersion}, registered at its first use. */
  public synchronized Timer of(String modelVersion) {
    Timer timer = byVersion.get(modelVersion);
    if (timer == null) {
      timer = buckets.apply(Timer.builder(name).description(description)).tags(tags)
          .tag(MeterTags.MODEL_VERSION, modelVersion).register(registry);
      byVersion.put(modelVersion, timer);
      while (byVersion.size() > keep) {
        var oldest = byVersion.entrySet().iterator();
        Map.Entry<String, Timer> evicted = oldest.next();
        oldest.remove();
        registry.remove(evicted.getValue());
      }
    }
    return timer;
  }

  /** The values {@code modelVersion}'s timer recorded so far; 0 when it has none (never used, or evicted). */
  public synchronized long count(String modelVersion) {
    Timer timer = byVersion.get(modelVersion);
    return timer == null ? 0 : timer.count();
  }

  /** The timers of the versions kept. */
  public synchronized Collection<Timer> timers() {
    return List.copyOf(new ArrayList<>(byVersion.values()));
  }
}
