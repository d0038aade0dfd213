package com.hdcsearch.train;

import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CascadeNetwork;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a cascade network on labelled images for a fixed number of steps: P x K batches from a {@link PkSampler}, each
 * one {@link TrainingStep} (optional augmentation, the method's objective, SGD or Adam with faster heads, per-step
 * native scopes). A step record's time and throughput count the steps' own time, not the listener's.
 */
public final class CascadeTrainer {
  /** Offsets that give the sampler and the augmenter their own random streams from one seed. */
  private static final long SAMPLER_STREAM = 0x5A3D_1E55L;
  private static final long AUGMENT_STREAM = 0x7F4A_7C15L;

  private CascadeTrainer() {}

  /** Decodes {@code images} once, then trains. */
  public static TrainResult train(TrainConfig config, List<LabelledImage> images, TrainingListener listener)
      throws IOException {
    return train(config, ImageCache.of(images, config.model().spec()), listener);
  }

  /** Trains on an already decoded cache; same config and cache give the same numbers. */
  public static TrainResult train(TrainConfig config, ImageCache data, TrainingListener listener)
      throws IOException {
    CascadeNetwork network = CascadeNetwork.create(config.model(), config.seed());
    try {
      return train(config, data, network, listener);
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  /**
   * Trains {@code network} further (for example one loaded from a checkpoint); the result's embedder wraps it, so
   * closing the result closes the network. The network's config must match {@code config.model()}.
   */
  public static TrainResult train(TrainConfig config, ImageCache data, CascadeNetwork network,
      TrainingListener listener) {
    ImageSpec spec = config.model().spec();
    if (!spec.equals(data.spec())) {
      throw new IllegalArgumentException("cache spec " + data.spec() + " differs from model spec " + spec);
    }
    PkSampler sampler = new PkSampler(data.labels(), config.classesPerBatch(), config.imagesPerClass(),
        config.seed() ^ SAMPLER_STREAM);
    TrainingStep trainingStep = TrainingStep.of(config, network, config.lrSchedule(), config.seed() ^ AUGMENT_STREAM,
        config.iterations());
    int[] labels = new int[sampler.batchSize()];
    List<StepRecord> history = new ArrayList<>(config.iterations());
    long start = System.nanoTime();
    for (int step = 0; step < config.iterations(); step++) {
      int[] rows = sampler.next();
      for (int i = 0; i < rows.length; i++) {
        labels[i] = data.label(rows[i]);
      }
      StepRecord record = trainingStep.step(data.tensors(), rows, labels, step);
      history.add(record);
      listener.onStep(record);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    String version = config.method().cliName() + "-s" + config.seed() + "-" + config.iterations();
    return new TrainResult(new CascadeEmbedder(network, version), history,
        (double) config.iterations() * sampler.batchSize() / wall, wall);
  }
}
