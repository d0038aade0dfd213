package com.hdcsearch.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CascadeNetwork;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a cascade network on labelled images: P x K batches, optional augmentation, the method's objective, SGD or
 * Adam with faster heads. Every step runs in its own NDManager and NDScope, so native memory stays flat.
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
    if (network.config().levels() != config.keepRatios().length) {
      throw new IllegalArgumentException("network has " + network.config().levels() + " levels, config has "
          + config.keepRatios().length + " keep ratios");
    }
    ParamOptimizer optimizer = new ParamOptimizer(config.optimizer(), config.momentum(), config.weightDecay())
        .addGroup(network.trunkParameters(), 1f)
        .addGroup(network.headParameters(), config.headLrMultiplier());
    PkSampler sampler = new PkSampler(data.labels(), config.classesPerBatch(), config.imagesPerClass(),
        config.seed() ^ SAMPLER_STREAM);
    Augmenter augmenter = new Augmenter(spec, config.cropMinScale(), config.flip(), config.seed() ^ AUGMENT_STREAM);
    Objective objective = Objective.of(config);
    LrSchedule schedule = config.lrSchedule();
    int batchSize = sampler.batchSize();
    int len = spec.tensorLength();
    float[] batch = new float[batchSize * len];
    int[] labels = new int[batchSize];
    Shape shape = new Shape(batchSize, spec.channels(), spec.size(), spec.size());
    List<StepRecord> history = new ArrayList<>(config.iterations());
    long start = System.nanoTime();
    for (int step = 0; step < config.iterations(); step++) {
      int[] rows = sampler.next();
      for (int i = 0; i < batchSize; i++) {
        labels[i] = data.label(rows[i]);
        if (config.augment()) {
          augmenter.apply(data.tensors(), rows[i] * len, batch, i * len);
        } else {
          data.copy(rows[i], batch, i * len);
        }
      }
      float lr = schedule.rate(step);
      Objective.Output out;
      float loss;
      try (NDManager stepManager = network.manager().newSubManager(); NDScope scope = new NDScope()) {
        NDArray x = stepManager.create(batch, shape);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDList levels = network.forward(x, true);
          out = objective.compute(levels, labels);
          collector.backward(out.loss());
        }
        loss = out.loss().getFloat();
        optimizer.step(lr, stepManager);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      StepRecord record = new StepRecord(step, config.iterations(), loss, out.levels(), lr,
          (step + 1) * batchSize / elapsed, elapsed);
      history.add(record);
      listener.onStep(record);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    String version = config.method().cliName() + "-s" + config.seed() + "-" + config.iterations();
    return new TrainResult(new CascadeEmbedder(network, version), history,
        (double) config.iterations() * batchSize / wall, wall);
  }
}
