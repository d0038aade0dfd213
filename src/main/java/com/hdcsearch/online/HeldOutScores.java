package com.hdcsearch.online;

import com.hdcsearch.eval.EvalReport;
import com.hdcsearch.eval.Evaluator;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.Embedder;
import java.util.List;
import java.util.Map;

/**
 * Scores one model on one held-out part: embeds the part's preprocessed tensors and runs the zero-shot protocol
 * (every item a query against the others). Keys: {@code <prefix>.r@<k>}, {@code <prefix>.map@r},
 * {@code <prefix>.nmi}, {@code <prefix>.items}, {@code <prefix>.classes}.
 */
final class HeldOutScores {
  private final Evaluator evaluator = new Evaluator();
  private final List<Integer> ks;
  private final long seed;

  HeldOutScores(List<Integer> ks, long seed) {
    this.ks = List.copyOf(ks);
    this.seed = seed;
  }

  /** Adds {@code model}'s scores on {@code part} (2+ items) to {@code out}. */
  void score(String prefix, Embedder model, HeldOutSet.Part part, Map<String, Double> out) {
    EvalReport report = evaluator.evaluate(embed(model, part), part.labels(), ks, seed);
    for (int k : ks) {
      out.put(prefix + ".r@" + k, report.recallAt(k));
    }
    out.put(prefix + ".map@r", report.mapAtR());
    out.put(prefix + ".nmi", report.nmi());
    out.put(prefix + ".items", (double) part.count());
    out.put(prefix + ".classes", (double) part.classes());
  }

  /**
   * Both models must see the same input, so the snapshot's stored tensors are embedded as they are; only a
   * {@link CascadeEmbedder} takes tensors (other embedders take decoded images, which the snapshot no longer has).
   */
  private static float[][] embed(Embedder model, HeldOutSet.Part part) {
    if (!(model instanceof CascadeEmbedder cascade)) {
      throw new IllegalArgumentException("model " + model.modelVersion() + " (" + model.getClass().getSimpleName()
          + ") cannot embed preprocessed tensors; the gate needs a CascadeEmbedder");
    }
    int len = model.imageSpec().tensorLength();
    float[] tensors = part.tensors();
    if (tensors.length != (long) part.count() * len) {
      throw new IllegalArgumentException("model " + model.modelVersion() + " takes tensors of " + len
          + " floats; the snapshot holds " + part.count() + " items in " + tensors.length + " floats");
    }
    return cascade.embedTensors(tensors, part.count());
  }
}
