package com.hdcsearch.index.bench;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.train.ImageCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Real embeddings for the index bench: the first {@code count} images of a data set's split, embedded by a checkpoint
 * or, without one, by the untrained built-in network that the service serves by default. These are the vectors the
 * service would index for that catalog, so recall and speed are measured on their real geometry, not a synthetic one.
 *
 * @param dataset a name from {@link DatasetRegistry#standard()}
 * @param split the split to embed (e.g. train)
 * @param count how many images, from the start of the split
 * @param checkpoint a checkpoint directory, or null for the untrained network
 * @param untrainedSpec the input of the untrained network (ignored with a checkpoint)
 * @param seed the untrained network's seed
 */
public record DatasetEmbeddingSource(
    String dataset, String split, int count, Path checkpoint, ImageSpec untrainedSpec, long seed)
    implements VectorSource {
  public DatasetEmbeddingSource {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got: " + count);
    }
  }

  @Override
  public String description() {
    String model = checkpoint != null ? "checkpoint " + checkpoint
        : String.format(Locale.ROOT, "the untrained built-in network (%s, seed %d)", untrainedSpec, seed);
    return String.format(Locale.ROOT, "REAL embeddings of the first %d images of %s/%s by %s", count, dataset, split,
        model);
  }

  @Override
  public float[][] load() throws IOException {
    List<LabelledImage> images = DatasetRegistry.standard().read(dataset, DatasetOptions.defaults()).split(split)
        .images();
    if (images.size() < count) {
      throw new IllegalArgumentException(
          dataset + "/" + split + " has " + images.size() + " images, fewer than the " + count + " asked for");
    }
    try (CascadeEmbedder embedder = checkpoint != null ? EmbedderLoader.load(checkpoint)
        : EmbedderLoader.untrained(untrainedSpec, seed)) {
      ImageCache cache = ImageCache.of(images.subList(0, count), embedder.imageSpec());
      return embedder.embedTensors(cache.tensors(), cache.size());
    }
  }
}
