package com.hdcsearch.train.bench;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.loss.LossReduction;
import com.hdcsearch.loss.PairDistance;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.model.HeadKind;
import com.hdcsearch.train.LrSchedule;
import com.hdcsearch.train.OptimizerKind;
import com.hdcsearch.train.TrainConfig;
import java.util.Locale;

/**
 * Applies {@code key=value,key=value} overrides to a training config, for experiments. Keys: lr, headMult, opt
 * (sgd|adam), wd, momentum, schedule (constant|cosine), warmup, keep (1:0.5:0.2), weights (1:2:3), negFactor,
 * margin, head (linear|mlp|spatial|spatial_all), augment, crop, flip, mining (cascade|independent|cascade_full_last),
 * batch (25x4), reduce (nonzero|mean|separate), lossWeights (1:1:1, HDC training weight per level), distance (squared|euclidean),
 * posMargin, trunk (builtin|builtin-bias|FILE), inputStd (x/255 - 0.5) / std on every channel, the issue 9 HDC
 * experiments keepPositives (ratio|all: all keeps every positive, the keep ratio cuts negatives only), shallowGrad
 * (0..1: the shallow levels' gradient into the trunk scaled by it), levelLoss (contrastive|ms), xbm (rows of a
 * cross-batch memory per level, multi-similarity losses only) and xbmWarmup (steps before it is read), and recipe=pml: the
 * peer anchors' pytorch-metric-learning contrastive recipe in one key (see {@link #PML_RECIPE}; recipe=default changes
 * nothing).
 */
public final class ConfigOverrides {
  /**
   * pytorch-metric-learning's ContrastiveLoss as the peer anchors ran it: Euclidean d (not d2), positive margin 0,
   * negative margin 1, negatives weighted 1, positives and negatives each averaged over their non-zero pairs; conv
   * layers with bias; inputs scaled as (x/255 - 0.5) / 0.25.
   */
  public static final String PML_RECIPE =
      "distance=euclidean,posMargin=0,margin=1,negFactor=1,reduce=separate,trunk=builtin-bias,inputStd=0.25";

  private ConfigOverrides() {}

  public static TrainConfig apply(TrainConfig config, String overrides) {
    if (overrides == null || overrides.isBlank()) {
      return config;
    }
    TrainConfig.Builder b = config.toBuilder();
    var model = config.model();
    if (overrides.contains("recipe=")) {
      overrides = overrides.replace("recipe=pml", PML_RECIPE);
    }
    int memorySize = config.memory().size();
    int memoryWarmup = config.memory().warmupSteps();
    for (String kv : overrides.split(",")) {
      String[] p = kv.split("=", 2);
      if (p.length != 2) {
        throw new IllegalArgumentException("override must be key=value, got: " + kv);
      }
      String v = p[1].trim();
      switch (p[0].trim()) {
        case "lr" -> b.learningRate(Float.parseFloat(v));
        case "headMult" -> b.headLrMultiplier(Float.parseFloat(v));
        case "opt" -> b.optimizer(OptimizerKind.valueOf(v.toUpperCase(Locale.ROOT)));
        case "wd" -> b.weightDecay(Float.parseFloat(v));
        case "momentum" -> b.momentum(Float.parseFloat(v));
        case "schedule" -> b.schedule(LrSchedule.Kind.valueOf(v.toUpperCase(Locale.ROOT)));
        case "warmup" -> b.warmupSteps(Integer.parseInt(v));
        case "keep" -> b.keepRatios(parseDoubles(v));
        case "weights" -> {
          double[] w = parseDoubles(v);
          float[] f = new float[w.length];
          for (int i = 0; i < w.length; i++) {
            f[i] = (float) w[i];
          }
          model = model.withLevelWeights(f);
        }
        case "negFactor" -> b.negativeFactor(Float.parseFloat(v));
        case "margin" -> b.margin(Float.parseFloat(v));
        case "head" -> model = model.withHead(HeadKind.valueOf(v.toUpperCase(Locale.ROOT)));
        case "augment" -> b.augment(Boolean.parseBoolean(v));
        case "crop" -> b.cropMinScale(Double.parseDouble(v));
        case "flip" -> b.flip(Boolean.parseBoolean(v));
        case "mining" -> b.mining(MiningVariant.valueOf(v.toUpperCase(Locale.ROOT)));
        case "lossWeights" -> b.levelLossWeights(parseDoubles(v));
        case "reduce" -> b.reduction(LossReduction.parse(v));
        case "distance" -> b.pairDistance(PairDistance.parse(v));
        case "posMargin" -> b.positiveMargin(Float.parseFloat(v));
        case "keepPositives" -> {
          if (!v.equals("all") && !v.equals("ratio")) {
            throw new IllegalArgumentException("keepPositives must be all or ratio, got: " + v);
          }
          b.keepAllPositives(v.equals("all"));
        }
        case "shallowGrad" -> b.shallowGradScale(Float.parseFloat(v));
        case "levelLoss" -> b.levelLoss(com.hdcsearch.train.LevelLoss.parse(v));
        case "xbm" -> memorySize = Integer.parseInt(v);
        case "xbmWarmup" -> memoryWarmup = Integer.parseInt(v);
        case "trunk" -> model = model.withTrunk(v, model.levelDims(), model.levelWeights());
        case "inputStd" -> {
          float std = Float.parseFloat(v);
          ImageSpec spec = model.spec();
          float[] mean = new float[spec.channels()];
          float[] stds = new float[spec.channels()];
          java.util.Arrays.fill(mean, 0.5f);
          java.util.Arrays.fill(stds, std);
          model = model.withSpec(new ImageSpec(spec.size(), spec.rgb(), mean, stds));
        }
        case "batch" -> {
          String[] pk = v.split("x");
          b.batch(Integer.parseInt(pk[0]), Integer.parseInt(pk[1]));
        }
        case "recipe" -> {
          // "default" leaves the config as it is, so that a grid can try recipe=default|pml.
          if (!v.equals("default")) {
            throw new IllegalArgumentException("unknown recipe: " + v + " (known: default, pml)");
          }
        }
        default -> throw new IllegalArgumentException("unknown override key: " + p[0]);
      }
    }
    return b.model(model).memory(new com.hdcsearch.train.CrossBatchMemory.Config(memorySize, memoryWarmup)).build();
  }

  private static double[] parseDoubles(String v) {
    String[] parts = v.split(":");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i]);
    }
    return out;
  }
}
