package com.hdcsearch.model;

import java.util.Map;

/**
 * What a checkpoint directory says about itself ({@code manifest.json}).
 *
 * @param versionId model version id, stored with every vector the model makes
 * @param model network shape
 * @param dataset data set it was trained on
 * @param seed training seed
 * @param steps optimisation steps taken
 * @param training training configuration, as key/value pairs
 * @param metrics final measurements (loss, images/s, recall when evaluated)
 * @param createdAt ISO-8601 time of writing
 */
public record CheckpointManifest(
    String versionId,
    CascadeConfig model,
    String dataset,
    long seed,
    long steps,
    Map<String, Object> training,
    Map<String, Double> metrics,
    String createdAt) {
  /** File name inside the checkpoint directory. */
  public static final String FILE = "manifest.json";

  public CheckpointManifest {
    training = training == null ? Map.of() : Map.copyOf(training);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
