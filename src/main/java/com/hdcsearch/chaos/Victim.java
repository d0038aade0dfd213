package com.hdcsearch.chaos;

/**
 * Whom one cycle of the cluster campaign kills (kill -9), and in which phase of the service's work.
 *
 * @param kind a service instance, the instance that holds the trainer's role (known only when the cycle runs), or a
 *     Kafka broker
 * @param id the instance's number (1-based) or the broker's node id; 0 for the trainer's instance
 * @param phase where the kill is aimed; for a broker always {@link CrashPhase#MID_INGEST}
 */
record Victim(Kind kind, int id, CrashPhase phase) {
  /** What is killed. */
  enum Kind {
    /** A service instance, named by its number. */
    INSTANCE,
    /** The service instance that trains (the trainer's leader): the training and swap phases happen there. */
    TRAINER,
    /** A Kafka broker (and KRaft controller) of the cluster. */
    BROKER
  }

  Victim {
    if (kind == Kind.TRAINER ? id != 0 : id < 1) {
      throw new IllegalArgumentException("victim id must be " + (kind == Kind.TRAINER ? "0" : "at least 1")
          + " for " + kind + ", got: " + id);
    }
    if (kind == Kind.BROKER && phase != CrashPhase.MID_INGEST) {
      throw new IllegalArgumentException("a broker is killed mid-ingest, got: " + phase);
    }
  }

  /** The name of an instance of the campaign ({@code instance-1}, ...). */
  static String instanceName(int number) {
    return "instance-" + number;
  }

  /** How the cycle line names it: {@code instance-2}, {@code trainer}, {@code broker-3}. */
  String label() {
    return switch (kind) {
      case INSTANCE -> instanceName(id);
      case TRAINER -> "trainer";
      case BROKER -> "broker-" + id;
    };
  }
}
