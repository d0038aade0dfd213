package com.hdcsearch.online.bench;

import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.eval.ExactNeighbours;
import com.hdcsearch.eval.Neighbours;
import com.hdcsearch.image.ImageDecoder;
import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.online.OnlineLearner;
import com.hdcsearch.online.OnlineOptions;
import com.hdcsearch.train.CascadeTrainer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The offline upper bound and the exact protocol that scores it beside the service's models: trains with
 * {@link CascadeTrainer} from the service's first version's weights, with the online trainer's own config
 * ({@link OnlineLearner#trainConfig}), for as many steps as the service took, on the items the service may train on;
 * then embeds the whole catalog with a model and scores the zero-shot queries' exact top-1 (the query excluded).
 * Images are decoded and preprocessed as the service does it ({@link ImageDecoder}, {@link ImagePreprocessor}).
 */
final class OfflineUpperBound {
  private static final int PROGRESS_EVERY = 200;
  private final List<LabelledImage> catalog;
  private final int[] labels;
  private final int[] queryRows;
  private final ImageSpec spec;
  private final float[] tensors;

  /** Decodes {@code catalog} for {@code spec}; {@code queries} must be items of it. */
  OfflineUpperBound(List<LabelledImage> catalog, List<LabelledImage> queries, ImageSpec spec) {
    this.catalog = List.copyOf(catalog);
    this.spec = spec;
    Map<String, Integer> dense = new HashMap<>();
    Map<String, Integer> rowOf = new HashMap<>();
    labels = new int[catalog.size()];
    for (int i = 0; i < catalog.size(); i++) {
      labels[i] = dense.computeIfAbsent(catalog.get(i).className(), c -> dense.size());
      rowOf.put(catalog.get(i).id(), i);
    }
    queryRows = queries.stream().mapToInt(q -> {
      Integer row = rowOf.get(q.id());
      if (row == null) {
        throw new IllegalArgumentException("query " + q.id() + " is not in the catalog");
      }
      return row;
    }).toArray();
    tensors = decode(this.catalog, spec);
  }

  private static float[] decode(List<LabelledImage> images, ImageSpec spec) {
    ImageDecoder decoder = new ImageDecoder();
    ImagePreprocessor pre = new ImagePreprocessor(spec);
    int len = spec.tensorLength();
    float[] out = new float[images.size() * len];
    IntStream.range(0, images.size()).parallel().forEach(i -> {
      try {
        pre.toTensor(decoder.decode(images.get(i).source().encoded()), out, i * len);
      } catch (IOException e) {
        throw new IllegalStateException("cannot decode " + images.get(i).id() + ": " + e.getMessage(), e);
      }
    });
    return out;
  }

  /** Exact zero-shot R@1 of {@code model} over the whole catalog. */
  double recallAt1(CascadeEmbedder model) {
    if (!model.imageSpec().equals(spec)) {
      throw new IllegalArgumentException("model " + model.modelVersion() + " takes " + model.imageSpec()
          + ", the catalog was decoded for " + spec);
    }
    float[][] vectors = model.embedTensors(tensors, catalog.size());
    Neighbours nn = new ExactNeighbours().searchSelf(vectors, 1);
    int hits = 0;
    for (int q : queryRows) {
      if (labels[nn.index(q, 0)] == labels[q]) {
        hits++;
      }
    }
    return (double) hits / queryRows.length;
  }

  /** Exact zero-shot R@1 of the checkpoint in {@code dir}. */
  double recallAt1(Path dir) throws IOException {
    try (CascadeEmbedder model = EmbedderLoader.load(dir)) {
      return recallAt1(model);
    }
  }

  /**
   * Trains from {@code initial}'s weights for {@code steps} on the catalog's {@code training} items with the online
   * trainer's config for {@code options}; returns the trained model's exact R@1.
   */
  double trainAndScore(Path initial, OnlineOptions options, long steps, List<LabelledImage> training)
      throws IOException {
    if (steps < 1) {
      throw new IllegalArgumentException("the service took no training step: nothing to compare, got: " + steps);
    }
    TorchThreads.configureForTraining(null);
    Map<String, Integer> dense = new HashMap<>();
    int[] trainLabels = training.stream().mapToInt(i -> dense.computeIfAbsent(i.className(), c -> dense.size()))
        .toArray();
    ImageCache cache = new ImageCache(spec, decode(training, spec), trainLabels);
    TrainConfig online = OnlineLearner.trainConfig(options, spec);
    // The online trainer batches min(P, classes with 2+ images) classes; with few classes offline does the same.
    int classes = Math.min(online.classesPerBatch(), dense.size());
    TrainConfig config = online.toBuilder().batch(classes, online.imagesPerClass())
        .iterations((int) Math.min(steps, Integer.MAX_VALUE)).build();
    System.err.printf(Locale.ROOT, "bench online: offline training %d steps on %d images of %d classes: %s%n", steps,
        training.size(), dense.size(), config.toMap());
    CascadeEmbedder start = EmbedderLoader.load(initial);
    TrainResult result;
    try {
      result = CascadeTrainer.train(config, cache, start.network(), rec -> {
        if ((rec.step() + 1) % PROGRESS_EVERY == 0) {
          System.err.printf(Locale.ROOT, "  offline step %d loss %.3f%n", rec.step() + 1, rec.loss());
        }
      });
    } catch (RuntimeException e) {
      start.close(); // the trainer closes the network only through its result
      throw e;
    }
    try (result) {
      return recallAt1(result.embedder());
    }
  }
}
