package com.hdcsearch.versions;

import com.hdcsearch.avro.ModelStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a model version is in its life, and where it may go next (the shape of Kafka Streams' {@code State}):
 * CANDIDATE → PROMOTED → SERVING → RETIRED, or REJECTED, or ROLLED_BACK. A retired, rejected or rolled-back version
 * may be promoted again by an operator (or by a rollback to it); nothing else moves backwards.
 */
public enum VersionStatus {
  /** Weights exist and wait for the held-out gate. */
  CANDIDATE,
  /** Chosen to serve: every instance swaps to it (re-embeds its catalog, then switches). */
  PROMOTED,
  /** Answers searches. */
  SERVING,
  /** Served once; replaced by a newer version. */
  RETIRED,
  /** Did not pass the gate, or its swap failed. */
  REJECTED,
  /** Served, then was replaced by an operator's rollback. */
  ROLLED_BACK;

  /** Statuses this one may move to. */
  public Set<VersionStatus> next() {
    return switch (this) {
      case CANDIDATE -> EnumSet.of(PROMOTED, REJECTED);
      case PROMOTED -> EnumSet.of(SERVING, REJECTED);
      case SERVING -> EnumSet.of(RETIRED, ROLLED_BACK);
      case RETIRED, REJECTED, ROLLED_BACK -> EnumSet.of(PROMOTED);
    };
  }

  /**
   * Whether a version in this status may move to {@code to}. Repeating the current status is allowed: several
   * instances report the same fact (e.g. SERVING once each has switched), and a redelivered event is harmless.
   */
  public boolean canMoveTo(VersionStatus to) {
    return to == this || next().contains(to);
  }

  /** Statuses a version may be born with: a trainer's CANDIDATE, or SERVING for the first version of a cluster. */
  public static boolean canStartAs(VersionStatus status) {
    return status == CANDIDATE || status == SERVING || status == PROMOTED;
  }

  ModelStatus toAvro() {
    return ModelStatus.valueOf(name());
  }

  static VersionStatus of(ModelStatus status) {
    return valueOf(status.name());
  }
}
