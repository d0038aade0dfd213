package com.hdcsearch.stream;

import com.hdcsearch.model.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * The models that embed catalog changes right now: the serving one, and during a swap the incoming one too, so
 * that both indexes get every change. Each comes with the id of the index it fills: the embedder back-fills the
 * catalog once per (version, index id), so a rebuilt or new index gets the whole catalog and a restart does not
 * re-embed what is already there.
 *
 * @param serving the serving model
 * @param servingIndexId id of the serving version's index ({@code VectorIndex#indexId})
 * @param incoming the model being swapped in, or null
 * @param incomingIndexId id of the incoming version's index, or null
 */
public record IngestModels(Embedder serving, String servingIndexId, Embedder incoming, String incomingIndexId) {

  public IngestModels {
    if (serving == null) {
      throw new IllegalArgumentException("a serving model is required");
    }
    if ((incoming == null) != (incomingIndexId == null)) {
      throw new IllegalArgumentException("incoming model and its index id come together, got: " + incoming + ", "
          + incomingIndexId);
    }
  }

  /** Only {@code serving}, whose index was filled by whoever made it: nothing to back-fill. */
  public static IngestModels servingOnly(Embedder serving) {
    return new IngestModels(serving, "as-started", null, null);
  }

  /** Serving first, then incoming if any. */
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>(2);
    targets.add(new Target(serving, serving.modelVersion() + "@" + servingIndexId, true));
    if (incoming != null) {
      targets.add(new Target(incoming, incoming.modelVersion() + "@" + incomingIndexId, false));
    }
    return targets;
  }

  /**
   * One model the embedder writes with.
   *
   * @param embedder the model
   * @param backfillKey names the (version, index) pair whose catalog back-fill this task tracks
   * @param serving whether this is the serving model: its failures dead-letter the image
   */
  public record Target(Embedder embedder, String backfillKey, boolean serving) {}
}
