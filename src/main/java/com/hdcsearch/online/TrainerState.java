package com.hdcsearch.online;

/** What the online trainer is doing now. */
public enum TrainerState {
  /** Not started, or disabled. */
  IDLE,
  /** Fewer classes with 2+ images than a batch needs have arrived. */
  WAITING_FOR_DATA,
  /** Paused by an operator. */
  PAUSED,
  /** Ingest is behind: the trainer leaves the cores to it. */
  YIELDING,
  /** Stepping. */
  TRAINING,
  /** Scoring a candidate against the serving version on the held-out set. */
  JUDGING,
  /** Stopped after a failure (see the log and the status's error). */
  FAILED
}
