package com.hdcsearch.stream;

import com.hdcsearch.model.Embedder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Serves {@link GreyLayoutEmbedder} in Quarkus tests, in place of the production model (a default bean). */
public class TestModelProducer {
  /** Version id of the test model. */
  public static final String VERSION = "grey-layout-test";

  @Produces
  @Singleton
  Embedder testEmbedder() {
    return new GreyLayoutEmbedder(VERSION);
  }
}
