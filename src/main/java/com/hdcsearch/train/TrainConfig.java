package com.hdcsearch.train;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.loss.ContrastiveLoss;
import com.hdcsearch.loss.LossReduction;
import com.hdcsearch.loss.PairDistance;
import com.hdcsearch.mining.CascadeMiner;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.model.CascadeConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides a training run; the same config and seed give the same numbers.
 *
 * @param method what is trained
 * @param mining HDC mining variant (ignored by baselines)
 * @param iterations optimisation steps
 * @param seed seeds the network's initialisation, the sampler and the augmentation
 * @param classesPerBatch P of the P x K sampler
 * @param imagesPerClass K of the P x K sampler
 * @param optimizer update rule
 * @param learningRate base learning rate of the trunk
 * @param headLrMultiplier heads learn this many times faster (the released code's new layers: 10x)
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param schedule shape of the learning rate over the run
 * @param warmupSteps linear warm-up steps
 * @param keepRatios HDC keep ratio per level, shallow to deep
 * @param margin contrastive margin on squared distance
 * @param negativeFactor weight of negative pairs' loss
 * @param augment random resized crop (and optional flip) in training
 * @param cropMinScale smallest crop area share
 * @param flip random horizontal flip
 * @param model network shape
 * @param reduction normalisation of the contrastive loss (HDC levels and the contrastive baseline)
 * @param levelLossWeights HDC: weight of each level's loss in training, shallow to deep (the paper: all 1)
 * @param pairDistance what the contrastive losses pay on: d2 (the released code) or d (pytorch-metric-learning)
 * @param positiveMargin contrastive positive margin: a positive pair closer than this costs nothing (PML: 0)
 * @param keepAllPositives HDC: every level keeps all its candidate positives and the keep ratio cuts only the
 *     negatives (issue 9 section 2; HDC's default since then; false: the ratio applies to both, the released code)
 * @param shallowGradScale HDC: the gradient of every level but the deepest is multiplied by this where it enters
 *     the shared trunk (at the head's input; the head itself learns at full strength); 1 = no scaling (default)
 * @param levelLoss HDC: each level's loss and miner (contrastive with hard-pair mining, or multi-similarity)
 * @param memory a cross-batch memory of recent embeddings per level that the multi-similarity miner and loss see
 *     beside the batch (HDC with multi-similarity levels, and the ms baseline); {@link CrossBatchMemory.Config#NONE}
 *     by default
 */
public record TrainConfig(
    Method method, MiningVariant mining, int iterations, long seed, int classesPerBatch, int imagesPerClass,
    OptimizerKind optimizer, float learningRate, float headLrMultiplier, float momentum, float weightDecay,
    LrSchedule.Kind schedule, int warmupSteps, double[] keepRatios, float margin, float negativeFactor,
    boolean augment, double cropMinScale, boolean flip, CascadeConfig model, LossReduction reduction,
    double[] levelLossWeights, PairDistance pairDistance, float positiveMargin, boolean keepAllPositives,
    float shallowGradScale, LevelLoss levelLoss, CrossBatchMemory.Config memory) {

  public static final int DEFAULT_ITERATIONS = 600;
  public static final long DEFAULT_SEED = 1L;
  /** The peer anchors' batch: 25 classes x 4 views = 100 images. */
  public static final int DEFAULT_CLASSES_PER_BATCH = 25;
  public static final int DEFAULT_IMAGES_PER_CLASS = 4;
  /**
   * Adam's rate: 4e-3 for HDC and contrastive, chosen on the validation split of Emoji-4V with the grid heads (32 px,
   * 300 steps of 25x4, seeds 1-3; load-tests/bench-quality.md, "A larger rate and a cosine schedule" and "A warm-up
   * and 6e-3"), where every method tried 1e-3, 2e-3, 4e-3, 4e-3 with cosine decay, 30 warm-up steps and 6e-3.
   * Multi-similarity chose 6e-3 ({@link #MS_ADAM_RATE}). Triplet was not in that protocol and keeps the rate chosen
   * before it ({@link #UNTUNED_ADAM_RATE}). The online trainer fine-tunes at its own rate
   * ({@code hdc.online.learning-rate}) and a constant schedule: a stream has no last step to decay towards.
   */
  public static final float DEFAULT_ADAM_RATE = 4e-3f;
  /** The rate of the methods the validation protocol did not tune (triplet): the earlier shared default. */
  public static final float UNTUNED_ADAM_RATE = 2e-3f;
  /** Multi-similarity's rate: 6e-3 with cosine decay, 68.0 against 67.9 R@1 at 4e-3 on one machine (a tie). */
  public static final float MS_ADAM_RATE = 6e-3f;
  /**
   * Contrastive's linear warm-up: 30 steps before its constant rate, 65.5 R@1 against 63.0 without on one machine
   * (validation, seeds 1-3). HDC and multi-similarity lost with it (70.9 against 72.2, 67.5 against 67.9).
   */
  public static final int CONTRASTIVE_WARMUP_STEPS = 30;
  /**
   * The schedule each method's validation chose: cosine decay for HDC (71.8 against 71.7 R@1 constant, a tie) and
   * multi-similarity (68.1 against 64.8 at 4e-3 constant, 67.3 at 2e-3), constant for contrastive (64.6 against
   * cosine's 64.5, a tie). Ties are settled by the best mean, as the bench's "chosen" mark does.
   */
  public static LrSchedule.Kind defaultSchedule(Method method) {
    return switch (method) {
      case HDC, MS -> LrSchedule.Kind.COSINE;
      case CONTRASTIVE, TRIPLET -> LrSchedule.Kind.CONSTANT;
    };
  }

  /** Adam's rate for {@code method}, as validation chose it. */
  public static float defaultAdamRate(Method method) {
    return switch (method) {
      case HDC, CONTRASTIVE -> DEFAULT_ADAM_RATE;
      case MS -> MS_ADAM_RATE;
      case TRIPLET -> UNTUNED_ADAM_RATE;
    };
  }

  /** Linear warm-up steps for {@code method}, as validation chose them: contrastive's 30, none for the rest. */
  public static int defaultWarmupSteps(Method method) {
    return method == Method.CONTRASTIVE ? CONTRASTIVE_WARMUP_STEPS : DEFAULT_WARMUP_STEPS;
  }
  public static final float DEFAULT_HEAD_LR_MULTIPLIER = 10f;
  public static final float DEFAULT_MOMENTUM = 0.9f;
  /** The released code's weight decay (SGD). */
  public static final float DEFAULT_SGD_WEIGHT_DECAY = 2e-4f;
  public static final int DEFAULT_WARMUP_STEPS = 0;
  public static final double DEFAULT_CROP_MIN_SCALE = 0.6;
  /**
   * Weight of negative pairs' loss for every contrastive method. The released code uses 10; on Emoji-4V zero-shot
   * 1 was better for both HDC (34.5 vs 31.9 R@1) and plain contrastive (39.5 vs 30.9).
   */
  public static final float DEFAULT_NEGATIVE_FACTOR = 1f;
  /**
   * HDC keeps every positive pair at every level; the keep ratios cut the negatives only. Chosen on the validation
   * split of Emoji-4V (32 px, 300 steps of 25x4, head multiplier 1, seeds 1-3): R@1 of the concatenation
   * 55.5 ± 1.4 against 50.2 ± 1.2 with the ratio applied to positives too (see load-tests/bench-quality.md, issue 9
   * section 2). With 25x4 batches only 150 of 4,950 pairs are positive, and the cascade kept a tenth of them at level 3.
   */
  public static final boolean DEFAULT_KEEP_ALL_POSITIVES = true;
  /**
   * HDC's levels pay the multi-similarity loss on their multi-similarity-mined pairs, cascaded (level k+1 keeps the
   * pairs its miner finds among those level k kept). Chosen on the validation split of Emoji-4V (32 px, 300 steps of
   * 25x4, head multiplier 1, seeds 1-3): R@1 of the concatenation 60.6 ± 0.6, against 55.5 ± 1.4 for the contrastive
   * cascade keeping all positives and 50.2 ± 1.2 for the released code's mining (load-tests/bench-quality.md, issue 9
   * section 2). {@code levelLoss=contrastive} restores the contrastive levels (then {@link #DEFAULT_KEEP_ALL_POSITIVES}
   * applies).
   */
  public static final LevelLoss DEFAULT_HDC_LEVEL_LOSS = LevelLoss.MS;

  public TrainConfig {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, got: " + iterations);
    }
    if (keepRatios.length != model.levels()) {
      throw new IllegalArgumentException("need one keep ratio per level (" + model.levels() + "), got: "
          + Arrays.toString(keepRatios));
    }
    keepRatios = keepRatios.clone();
    if (levelLossWeights == null) {
      levelLossWeights = ones(model.levels());
    }
    if (levelLossWeights.length != model.levels()) {
      throw new IllegalArgumentException("need one loss weight per level (" + model.levels() + "), got: "
          + Arrays.toString(levelLossWeights));
    }
    levelLossWeights = levelLossWeights.clone();
    pairDistance = pairDistance == null ? PairDistance.SQUARED : pairDistance;
    levelLoss = levelLoss == null ? LevelLoss.CONTRASTIVE : levelLoss;
    memory = memory == null ? CrossBatchMemory.Config.NONE : memory;
    if (memory.enabled() && !(method == Method.MS || (method == Method.HDC && levelLoss == LevelLoss.MS))) {
      throw new IllegalArgumentException("a cross-batch memory needs the multi-similarity loss: method ms, or hdc "
          + "with levelLoss=ms; got " + method.cliName() + " with " + levelLoss.name().toLowerCase(java.util.Locale.ROOT)
          + " levels");
    }
    if (!(shallowGradScale >= 0 && shallowGradScale <= 1)) {
      throw new IllegalArgumentException("shallowGradScale must be in [0, 1], got: " + shallowGradScale);
    }
    // Validates margins and reduction together, with the loss's own message.
    ContrastiveLoss.of(pairDistance, positiveMargin, margin, negativeFactor, reduction);
    new LrSchedule(schedule, learningRate, warmupSteps, iterations); // validates the rate and steps
  }

  /**
   * The defaults of {@code method} on the built-in trunk for images of {@code spec}. HDC's are the best of the
   * configurations measured on Emoji-4V zero-shot (32x32, 300 steps of 25x4, seed 1; see the quality bench): cascade
   * mining (R@1 31.9 vs 29.2 independent), the released code's loss but with negatives weighted 1, not 10 (R@1 34.5
   * vs 32.7 at 3 and 31.9 at 10; margin 1 kept, 1.5 and 2 were worse; non-zero mean), keep ratios 1/0.5/0.2 (1/1/1 gave 30.2 with independent mining, 1/0.5/0.5 27.9), linear heads
   * learning 10x faster (1x: 28.7; MLP heads: 17.4), level weights 1:2:3 at test time (best of eight weightings).
   * Since issue 9 (validation protocol, 3 seeds, load-tests/bench-quality.md): every level keeps all positives and its
   * keep ratio cuts only the negatives ({@link #DEFAULT_KEEP_ALL_POSITIVES}); and each level pays the multi-similarity
   * loss on its multi-similarity-mined pairs, cascaded ({@link #DEFAULT_HDC_LEVEL_LOSS}), which beat both. Every method
   * trains the built-in network's grid heads ({@link CascadeConfig#DEFAULT_HEAD}), chosen on validation for each method
   * alike; HDC concatenates its levels 1:1:1 ({@link CascadeConfig#DEFAULT_LEVEL_WEIGHTS}).
   */
  public static TrainConfig defaults(Method method, ImageSpec spec) {
    CascadeConfig model = CascadeConfig.builtin(spec);
    if (method != Method.HDC) {
      // Baselines train only the last level; the untrained shallow heads would add noise to the embedding.
      model = model.withLevelWeights(new float[] {0f, 0f, 1f});
    }
    return new TrainConfig(method, MiningVariant.CASCADE, DEFAULT_ITERATIONS, DEFAULT_SEED,
        DEFAULT_CLASSES_PER_BATCH, DEFAULT_IMAGES_PER_CLASS, OptimizerKind.ADAM, defaultAdamRate(method),
        method == Method.HDC ? DEFAULT_HEAD_LR_MULTIPLIER : 1f, DEFAULT_MOMENTUM, 0f, defaultSchedule(method),
        defaultWarmupSteps(method), CascadeMiner.DEFAULT_KEEP_RATIOS, ContrastiveLoss.DEFAULT_MARGIN, DEFAULT_NEGATIVE_FACTOR, true, DEFAULT_CROP_MIN_SCALE, false, model,
        LossReduction.NON_ZERO_MEAN, ones(model.levels()), PairDistance.SQUARED, 0f,
        method == Method.HDC && DEFAULT_KEEP_ALL_POSITIVES, 1f,
        method == Method.HDC ? DEFAULT_HDC_LEVEL_LOSS : LevelLoss.CONTRASTIVE, CrossBatchMemory.Config.NONE);
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    return w;
  }

  @Override
  public double[] levelLossWeights() {
    return levelLossWeights.clone();
  }

  public LrSchedule lrSchedule() {
    return new LrSchedule(schedule, learningRate, warmupSteps, iterations);
  }

  public int batchSize() {
    return classesPerBatch * imagesPerClass;
  }

  @Override
  public double[] keepRatios() {
    return keepRatios.clone();
  }

  /** Key/value view for manifests and bench tables. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method.cliName());
    m.put("mining", mining.name().toLowerCase(java.util.Locale.ROOT));
    m.put("iterations", iterations);
    m.put("seed", seed);
    m.put("batch", classesPerBatch + "x" + imagesPerClass);
    m.put("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
    m.put("learningRate", learningRate);
    m.put("headLrMultiplier", headLrMultiplier);
    m.put("momentum", momentum);
    m.put("weightDecay", weightDecay);
    m.put("schedule", schedule.name().toLowerCase(java.util.Locale.ROOT));
    m.put("warmupSteps", warmupSteps);
    m.put("keepRatios", Arrays.toString(keepRatios));
    m.put("margin", margin);
    m.put("negativeFactor", negativeFactor);
    m.put("augment", augment);
    m.put("cropMinScale", cropMinScale);
    m.put("flip", flip);
    m.put("levelWeights", Arrays.toString(model.levelWeights()));
    m.put("head", model.head().name().toLowerCase(java.util.Locale.ROOT));
    m.put("reduction", reduction.name().toLowerCase(java.util.Locale.ROOT));
    m.put("levelLossWeights", Arrays.toString(levelLossWeights));
    m.put("pairDistance", pairDistance.name().toLowerCase(java.util.Locale.ROOT));
    m.put("positiveMargin", positiveMargin);
    if (method == Method.HDC) {
      // all: the keep ratios cut negatives only (the default since issue 9); ratio: positives too (released code).
      m.put("keepPositives", keepAllPositives ? "all" : "ratio");
    }
    // Issue 9 experiments: only when set, so that manifests of default runs stay as they were.
    if (shallowGradScale != 1f) {
      m.put("shallowGradScale", shallowGradScale);
    }
    if (method == Method.HDC) {
      m.put("levelLoss", levelLoss.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (memory.enabled()) {
      m.put("memory", memory.size());
      m.put("memoryWarmup", memory.warmupSteps());
    }
    m.put("trunk", model.trunk());
    m.put("inputStd", model.spec().std()[0]);
    return m;
  }

  /** A builder pre-filled with this config, for changing a few fields. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes fields of a config; {@link #build} validates. */
  public static final class Builder {
    private Method method;
    private MiningVariant mining;
    private int iterations;
    private long seed;
    private int classesPerBatch;
    private int imagesPerClass;
    private OptimizerKind optimizer;
    private float learningRate;
    private float headLrMultiplier;
    private float momentum;
    private float weightDecay;
    private LrSchedule.Kind schedule;
    private int warmupSteps;
    private double[] keepRatios;
    private float margin;
    private float negativeFactor;
    private boolean augment;
    private double cropMinScale;
    private boolean flip;
    private CascadeConfig model;
    private LossReduction reduction;
    private double[] levelLossWeights;
    private PairDistance pairDistance;
    private float positiveMargin;
    private boolean keepAllPositives;
    private float shallowGradScale;
    private LevelLoss levelLoss;
    private CrossBatchMemory.Config memory;

    private Builder(TrainConfig c) {
      method = c.method; mining = c.mining; iterations = c.iterations; seed = c.seed;
      classesPerBatch = c.classesPerBatch; imagesPerClass = c.imagesPerClass; optimizer = c.optimizer;
      learningRate = c.learningRate; headLrMultiplier = c.headLrMultiplier; momentum = c.momentum;
      weightDecay = c.weightDecay; schedule = c.schedule; warmupSteps = c.warmupSteps; keepRatios = c.keepRatios;
      margin = c.margin; negativeFactor = c.negativeFactor; augment = c.augment; cropMinScale = c.cropMinScale;
      flip = c.flip; model = c.model; reduction = c.reduction;
      levelLossWeights = c.levelLossWeights;
      pairDistance = c.pairDistance; positiveMargin = c.positiveMargin;
      keepAllPositives = c.keepAllPositives; shallowGradScale = c.shallowGradScale; levelLoss = c.levelLoss;
      memory = c.memory;
    }

    public Builder mining(MiningVariant v) { mining = v; return this; }
    public Builder iterations(int v) { iterations = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder batch(int p, int k) { classesPerBatch = p; imagesPerClass = k; return this; }
    public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
    public Builder learningRate(float v) { learningRate = v; return this; }
    public Builder headLrMultiplier(float v) { headLrMultiplier = v; return this; }
    public Builder momentum(float v) { momentum = v; return this; }
    public Builder weightDecay(float v) { weightDecay = v; return this; }
    public Builder schedule(LrSchedule.Kind v) { schedule = v; return this; }
    public Builder warmupSteps(int v) { warmupSteps = v; return this; }
    public Builder keepRatios(double... v) { keepRatios = v.clone(); return this; }
    public Builder margin(float v) { margin = v; return this; }
    public Builder negativeFactor(float v) { negativeFactor = v; return this; }
    public Builder augment(boolean v) { augment = v; return this; }
    public Builder cropMinScale(double v) { cropMinScale = v; return this; }
    public Builder flip(boolean v) { flip = v; return this; }
    /**
     * A model with another number of levels resets uniform (all 1) loss weights to its level count; weights set on
     * purpose must then be set again.
     */
    public Builder model(CascadeConfig v) {
      if (v.levels() != levelLossWeights.length && Arrays.stream(levelLossWeights).allMatch(w -> w == 1.0)) {
        levelLossWeights = ones(v.levels());
      }
      model = v;
      return this;
    }
    public Builder reduction(LossReduction v) { reduction = v; return this; }
    public Builder levelLossWeights(double... v) { levelLossWeights = v.clone(); return this; }
    public Builder pairDistance(PairDistance v) { pairDistance = v; return this; }
    public Builder positiveMargin(float v) { positiveMargin = v; return this; }
    public Builder keepAllPositives(boolean v) { keepAllPositives = v; return this; }
    public Builder shallowGradScale(float v) { shallowGradScale = v; return this; }
    public Builder levelLoss(LevelLoss v) { levelLoss = v; return this; }
    public Builder memory(CrossBatchMemory.Config v) { memory = v; return this; }

    public TrainConfig build() {
      return new TrainConfig(method, mining, iterations, seed, classesPerBatch, imagesPerClass, optimizer,
          learningRate, headLrMultiplier, momentum, weightDecay, schedule, warmupSteps, keepRatios, margin,
          negativeFactor, augment, cropMinScale, flip, model, reduction,
          levelLossWeights, pairDistance, positiveMargin, keepAllPositives, shallowGradScale, levelLoss, memory);
    }
  }
}
