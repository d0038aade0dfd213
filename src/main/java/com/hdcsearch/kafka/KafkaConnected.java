package com.hdcsearch.kafka;

/**
 * Fired once at boot (by {@code serving.ServingBoot}) when Kafka is connected, the topics exist and
 * {@code model.versions} has been read: what needs them starts on it, in priority order (the pipeline 10, the swap
 * controller 20, the online trainer 30, the dashboard's sampler 40). After a restart that answers lookups from local
 * state, it comes on a background thread while lookups are already answered.
 */
public record KafkaConnected(long bootMillis) {}
