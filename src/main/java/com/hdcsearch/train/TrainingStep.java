package com.hdcsearch.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.model.TorchGradMode;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One optimisation step on a P x K batch: gather (and augment) the batch's tensors, forward, the method's objective,
 * backward, update. Holds what persists between steps (network, optimizer, objective, augmenter, schedule) and reuses
 * one host batch buffer, so the offline loop ({@link CascadeTrainer}) and the online trainer drive the same code.
 * Every step runs in its own NDManager and NDScope, so native memory stays flat. Not thread-safe: one training thread.
 */
public final class TrainingStep {
  private static final Logger LOG = Logger.getLogger(TrainingStep.class);
  private final CascadeNetwork network;
  private final ParamOptimizer optimizer;
  private final Objective objective;
  private final Augmenter augmenter;
  private final LrSchedule schedule;
  private final int totalSteps;
  private final ImageSpec spec;
  /** Each level's gradient scale into the trunk, or null for none. */
  private final float[] gradScales;
  /** Scratch: the batch laid end to end, reused while the batch size stays the same. */
  private float[] batch = new float[0];
  private long images;
  private long busyNanos;
  /** Time spent in each {@link Phase} so far, for benches that say where a step's time goes. */
  private final long[] phaseNanos = new long[Phase.values().length];
  private long skippedSteps;

  /** The parts of a step, in order. */
  public enum Phase { BATCH, FORWARD, OBJECTIVE, BACKWARD, UPDATE }

  /**
   * @param augmenter random crops and flips, or null to train on the tensors as given
   * @param totalSteps steps the run will take, reported in every {@link StepRecord}; 0 for an unbounded stream
   */
  public TrainingStep(CascadeNetwork network, ParamOptimizer optimizer, Objective objective, Augmenter augmenter,
      LrSchedule schedule, int totalSteps) {
    this(network, optimizer, objective, augmenter, schedule, totalSteps, null);
  }

  /** {@code gradScales}: level i's gradient into the trunk is multiplied by {@code gradScales[i]}; null: none. */
  public TrainingStep(CascadeNetwork network, ParamOptimizer optimizer, Objective objective, Augmenter augmenter,
      LrSchedule schedule, int totalSteps, float[] gradScales) {
    if (totalSteps < 0) {
      throw new IllegalArgumentException("totalSteps must be >= 0 (0: unbounded), got: " + totalSteps);
    }
    this.network = network;
    this.optimizer = optimizer;
    this.objective = objective;
    this.augmenter = augmenter;
    this.schedule = schedule;
    this.totalSteps = totalSteps;
    this.spec = network.config().spec();
    this.gradScales = gradScales == null ? null : gradScales.clone();
  }

  /**
   * The parts of {@code config} on {@code network}: its objective, Adam or SGD with the trunk at 1x and the heads at
   * {@code config.headLrMultiplier()}, augmentation seeded by {@code augmentSeed} when {@code config.augment()}.
   */
  public static TrainingStep of(TrainConfig config, CascadeNetwork network, LrSchedule schedule, long augmentSeed,
      int totalSteps) {
    return of(config, network, schedule, augmentSeed, totalSteps, Objective.of(config));
  }

  /** As above with another objective (tests). */
  static TrainingStep of(TrainConfig config, CascadeNetwork network, LrSchedule schedule, long augmentSeed,
      int totalSteps, Objective objective) {
    if (network.config().levels() != config.keepRatios().length) {
      throw new IllegalArgumentException("network has " + network.config().levels() + " levels, config has "
          + config.keepRatios().length + " keep ratios");
    }
    attachGradients(network.trunkParameters());
    attachGradients(network.headParameters());
    ParamOptimizer optimizer = new ParamOptimizer(config.optimizer(), config.momentum(), config.weightDecay())
        .addGroup(network.trunkParameters(), 1f)
        .addGroup(network.headParameters(), config.headLrMultiplier());
    Augmenter augmenter = config.augment()
        ? new Augmenter(network.config().spec(), config.cropMinScale(), config.flip(), augmentSeed)
        : null;
    return new TrainingStep(network, optimizer, objective, augmenter, schedule, totalSteps, gradScales(config));
  }

  /**
   * HDC with {@code shallowGradScale} below 1: that scale for every level but the deepest, 1 for the deepest; null
   * otherwise (baselines train the deepest level only, and nothing is scaled).
   */
  static float[] gradScales(TrainConfig config) {
    if (config.method() != Method.HDC || config.shallowGradScale() == 1f) {
      return null;
    }
    float[] s = new float[config.keepRatios().length];
    java.util.Arrays.fill(s, config.shallowGradScale());
    s[s.length - 1] = 1f;
    return s;
  }

  /**
   * A network loaded from a checkpoint has no gradient buffers (only a freshly initialised one does), and the optimizer
   * skips arrays without one: without this, fine-tuning a checkpoint would update nothing.
   */
  private static void attachGradients(List<Parameter> params) {
    for (Parameter p : params) {
      if (p.requiresGradient() && !p.getArray().hasGradient()) {
        p.getArray().setRequiresGradient(true);
      }
    }
  }

  /**
   * Trains on one batch. Batch row {@code i} is tensor {@code rows[i]} of {@code tensors} (a cache laid end to end),
   * or, with {@code rows} null, the {@code i}-th tensor of {@code tensors}; {@code labels[i]} is its label (only
   * equality matters). {@code stepIndex} picks the learning rate and is the record's step. The record's time and
   * throughput count the time spent inside this method's calls so far (an online trainer idles between steps).
   */
  public StepRecord step(float[] tensors, int[] rows, int[] labels, int stepIndex) {
    long start = System.nanoTime();
    // The collector restores the mode it found: on a fresh thread that is "on", and the update below must run off.
    TorchGradMode.offOnThisThread();
    int size = labels.length;
    int len = spec.tensorLength();
    checkBatch(tensors, rows, size, len);
    if (batch.length != size * len) {
      batch = new float[size * len];
    }
    for (int i = 0; i < size; i++) {
      int source = (rows == null ? i : rows[i]) * len;
      if (augmenter != null) {
        augmenter.apply(tensors, source, batch, i * len);
      } else {
        System.arraycopy(tensors, source, batch, i * len, len);
      }
    }
    float lr = schedule.rate(stepIndex);
    Objective.Output out;
    float loss;
    try (NDManager stepManager = network.manager().newSubManager(); NDScope scope = new NDScope()) {
      NDArray x = stepManager.create(batch, new Shape(size, spec.channels(), spec.size(), spec.size()));
      long t = lap(Phase.BATCH, start);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList levels = network.forward(x, true, gradScales);
        t = lap(Phase.FORWARD, t);
        out = objective.compute(levels, labels);
        t = lap(Phase.OBJECTIVE, t);
        collector.backward(out.loss());
      }
      loss = out.loss().getFloat();
      t = lap(Phase.BACKWARD, t);
      if (Float.isFinite(loss) && optimizer.gradientsFinite(stepManager)) {
        optimizer.step(lr, stepManager);
      } else {
        // One bad batch must not end training: the weights stay as they were and the next batch goes on.
        optimizer.discardGradients(stepManager);
        skippedSteps++;
        LOG.warnf("Training step %d skipped: %s (levels %s); %d skipped so far", stepIndex + 1,
            Float.isFinite(loss) ? "a non-finite gradient" : "loss " + loss, out.levels(), skippedSteps);
      }
      lap(Phase.UPDATE, t);
    }
    images += size;
    busyNanos += System.nanoTime() - start;
    double busy = busyNanos / 1e9;
    return new StepRecord(stepIndex, totalSteps, loss, out.levels(), lr, images / busy, busy);
  }

  /** Adds the time since {@code since} to {@code phase}; returns now. */
  private long lap(Phase phase, long since) {
    long now = System.nanoTime();
    phaseNanos[phase.ordinal()] += now - since;
    return now;
  }

  /** Nanoseconds spent in each phase so far, indexed by {@link Phase#ordinal()} (a copy). */
  public long[] phaseNanos() {
    return phaseNanos.clone();
  }

  private static void checkBatch(float[] tensors, int[] rows, int size, int len) {
    if (size < 2) {
      throw new IllegalArgumentException("a batch needs at least 2 rows, got: " + size);
    }
    if (rows == null) {
      if (tensors.length != (long) size * len) {
        throw new IllegalArgumentException("need " + size + " tensors of " + len + " floats, got " + tensors.length
            + " floats");
      }
    } else if (rows.length != size) {
      throw new IllegalArgumentException("need one row per label (" + size + "), got: " + rows.length);
    }
  }

  /** Steps whose loss or gradient was not finite: run, but not applied. */
  public long skippedSteps() {
    return skippedSteps;
  }

  /** The optimizer, whose moments a trainer saves with its state. */
  public ParamOptimizer optimizer() {
    return optimizer;
  }

  /** The augmenter, or null when the batch is used as given. */
  public Augmenter augmenter() {
    return augmenter;
  }

  public CascadeNetwork network() {
    return network;
  }
}
