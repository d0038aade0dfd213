package com.hdcsearch.versions;

import com.hdcsearch.avro.ModelVersion;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One transition of a model version, as it travels on {@code model.versions}.
 *
 * @param versionId the version
 * @param parent the version it was fine-tuned from, or null
 * @param status the status it moves to
 * @param reason why, for people
 * @param metrics held-out metrics (candidate's own, and the serving one's prefixed {@code serving.})
 * @param createdTime when its weights were made
 * @param eventTime when this transition happened
 * @param checkpoint where its weights are (a checkpoint directory)
 * @param steps online training steps behind its weights
 * @param rollbackOf on a rollback's PROMOTED event, the version being rolled back; else null
 * @param instance the instance that wrote the event
 */
public record VersionEvent(String versionId, String parent, VersionStatus status, String reason,
    Map<String, Double> metrics, Instant createdTime, Instant eventTime, String checkpoint, long steps,
    String rollbackOf, String instance) {

  public VersionEvent {
    if (versionId == null || versionId.isBlank()) {
      throw new IllegalArgumentException("versionId must not be blank, got: '" + versionId + "'");
    }
    if (status == null) {
      throw new IllegalArgumentException("status of " + versionId + " must not be null");
    }
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  /** The same version moved to {@code next}, now, with {@code why}. */
  public VersionEvent moveTo(VersionStatus next, String why, String byInstance) {
    return new VersionEvent(versionId, parent, next, why, metrics, createdTime, Instant.now(), checkpoint, steps,
        next == VersionStatus.PROMOTED ? null : rollbackOf, byInstance);
  }

  /** As {@link #moveTo} with more metrics merged in (e.g. the gate's measurements). */
  public VersionEvent moveTo(VersionStatus next, String why, String byInstance, Map<String, Double> moreMetrics) {
    Map<String, Double> merged = new TreeMap<>(metrics);
    merged.putAll(moreMetrics);
    return new VersionEvent(versionId, parent, next, why, merged, createdTime, Instant.now(), checkpoint, steps,
        null, byInstance);
  }

  /** A PROMOTED event that rolls {@code rolledBack} back to this version. */
  public VersionEvent promotedAsRollbackOf(String rolledBack, String why, String byInstance) {
    return new VersionEvent(versionId, parent, VersionStatus.PROMOTED, why, metrics, createdTime, Instant.now(),
        checkpoint, steps, rolledBack, byInstance);
  }

  ModelVersion toAvro() {
    return ModelVersion.newBuilder()
        .setVersionId(versionId)
        .setParent(parent)
        .setStatus(status.toAvro())
        .setReason(reason)
        .setMetrics(Map.copyOf(metrics))
        .setCreatedTime(createdTime == null ? Instant.EPOCH : createdTime)
        .setEventTime(eventTime == null ? 0L : eventTime.toEpochMilli())
        .setCheckpoint(checkpoint)
        .setSteps(steps)
        .setRollbackOf(rollbackOf)
        .setInstance(instance)
        .build();
  }

  static VersionEvent of(ModelVersion v) {
    Map<String, Double> metrics = new TreeMap<>();
    v.getMetrics().forEach((k, value) -> metrics.put(k.toString(), value));
    return new VersionEvent(v.getVersionId(), v.getParent(), VersionStatus.of(v.getStatus()), v.getReason(),
        metrics, v.getCreatedTime(), Instant.ofEpochMilli(v.getEventTime()), v.getCheckpoint(), v.getSteps(), v.getRollbackOf(),
        v.getInstance());
  }
}
