package com.hdcsearch.train.bench;

import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.RetrievalSplits;
import com.hdcsearch.data.ValidationSplit;
import com.hdcsearch.eval.EvalReport;
import com.hdcsearch.eval.Evaluator;
import com.hdcsearch.eval.RecallKs;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.train.CascadeTrainer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains every method at the same budget on zero-shot splits and writes a Markdown table of retrieval quality on
 * unseen classes; the command line is {@code hdc bench quality}. The protocol follows Musgrave et al. (2020): choices
 * are made on a validation split carved from the training classes ({@link Protocol#VALIDATION}); the test classes are
 * scored once, for one configuration per method ({@link Protocol#TEST}); every method tries the same number of
 * configurations ({@link TuningGrid}) and the same head learning-rate multiplier unless tuned; each configuration runs
 * over several seeds, reported as mean ± standard deviation; HDC is scored at its concatenated size (192-d) and with
 * its deepest level alone (64-d, the baselines' size). Emoji-4V: RGB at the chosen size, 25 classes x 4 views;
 * Fashion-MNIST: 28x28 grey, 5 x 20 (fewer classes per batch when the validation split leaves fewer).
 */
public final class QualityBench {
  private static final String HEADER =
      "| data set | protocol | run | embedding | config | R@1 | R@2 | R@4 | R@8 | MAP@R | NMI | seeds | train img/s "
      + "| wall s |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  public static final int FASHION_SIZE = 28;

  private QualityBench() {}

  /** Which classes are scored. */
  public enum Protocol {
    /** A class-disjoint share of the training classes; the rest train. For every choice. */
    VALIDATION,
    /** The real test classes, once: one configuration per method. */
    TEST;

    public static Protocol parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("protocol must be validation or test, got: " + name, e);
      }
    }
  }

  /**
   * What to run (the {@code hdc bench quality} options).
   *
   * @param datasets comma-separated: emoji, fashion-mnist
   * @param runs comma-separated: untrained, hdc[:mining], contrastive, triplet, ms
   * @param seeds every configuration runs once per seed
   * @param set overrides for every method, {@code key=value,...} (see {@link ConfigOverrides}), or null
   * @param hdcSet overrides for HDC runs only, or null
   * @param out Markdown file the rows are appended to (created with a header)
   * @param protocol validation (tuning) or test (the final table)
   * @param validationShare share of the training classes held out by {@link Protocol#VALIDATION}
   * @param headLrMultiplier every method's head learning-rate multiplier (a grid or --set may tune it)
   * @param grid configurations to try
   * @param allowUnequalBudget compare even when methods try different numbers of configurations
   * @param maxPerClass keep at most this many images per class in each split (0: all), for quick checks
   */
  public record Options(String datasets, String runs, int iterations, long[] seeds, int emojiSize, String set,
      String hdcSet, Path out, Protocol protocol, double validationShare, float headLrMultiplier, TuningGrid grid,
      boolean allowUnequalBudget, int maxPerClass, List<float[]> scoreWeights) {
    /** As below, with no extra level weightings scored. */
    public Options(String datasets, String runs, int iterations, long[] seeds, int emojiSize, String set,
        String hdcSet, Path out, Protocol protocol, double validationShare, float headLrMultiplier, TuningGrid grid,
        boolean allowUnequalBudget, int maxPerClass) {
      this(datasets, runs, iterations, seeds, emojiSize, set, hdcSet, out, protocol, validationShare,
          headLrMultiplier, grid, allowUnequalBudget, maxPerClass, List.of());
    }

    /**
     * @param scoreWeights level weightings each trained HDC model is also scored with (test time only: the same
     *     network, other concatenation weights); empty: the configured weights and the deepest level only
     */
    public Options {
      scoreWeights = scoreWeights == null ? List.of() : scoreWeights.stream().map(float[]::clone).toList();
      if (maxPerClass < 0) {
        throw new IllegalArgumentException("maxPerClass must be >= 0 (0: all), got: " + maxPerClass);
      }
      if (seeds == null || seeds.length == 0) {
        throw new IllegalArgumentException("need at least one seed");
      }
      seeds = seeds.clone();
    }

    @Override
    public long[] seeds() {
      return seeds.clone();
    }
  }

  /** One trained method's scores at one embedding size, over the seeds. */
  private record Cell(String run, String embedding, String config, List<EvalReport> reports, List<Double> ips,
      List<Double> wall) {}

  /** Runs the bench: prints each aggregated row and appends it to {@code options.out()}. */
  public static void run(Options options) throws IOException {
    List<String> runs = Arrays.stream(options.runs().split(",")).map(String::trim).toList();
    List<String> methods = runs.stream().filter(r -> !r.equals("untrained"))
        .map(r -> Method.parse(r.split(":")[0]).cliName()).distinct().toList();
    TuningGrid grid = options.grid();
    grid.checkKnownMethods(methods);
    if (!options.allowUnequalBudget()) {
      grid.checkEqualBudget(methods);
    }
    if (options.protocol() == Protocol.TEST) {
      for (String m : methods) {
        if (grid.configurations(m).size() != 1) {
          throw new IllegalArgumentException("the test classes are used once: choose " + m + "'s configuration on "
              + "--protocol validation and give that one (--set/--hdc-set), not a grid of "
              + grid.configurations(m).size());
        }
      }
    }
    TorchThreads.configureForTraining(null);
    Path out = options.out();
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    if (!Files.exists(out)) {
      Files.writeString(out, HEADER);
    }
    String protocol = options.protocol().name().toLowerCase(Locale.ROOT);
    for (String name : options.datasets().split(",")) {
      boolean emoji = name.equals("emoji");
      ImageSpec baseSpec = emoji ? ImageSpec.rgb(options.emojiSize()) : ImageSpec.grey(FASHION_SIZE);
      long t0 = System.nanoTime();
      Dataset data = RetrievalSplits.zeroShot(DatasetRegistry.standard(), name, DatasetOptions.defaults());
      if (options.protocol() == Protocol.VALIDATION) {
        data = ValidationSplit.carve(data, options.validationShare(), ValidationSplit.DEFAULT_SEED);
      }
      if (options.maxPerClass() > 0) {
        data = firstPerClass(data, options.maxPerClass());
      }
      Caches caches = new Caches(data);
      ImageCache probe = caches.of(baseSpec)[1];
      System.err.printf(Locale.ROOT, "%s (%s): %d train images of %d classes, %d scored images of %d classes, "
              + "cached in %.1f s%n", name, protocol, data.split("train").size(), data.split("train").classCount(),
          probe.size(), data.split("test").classCount(), (System.nanoTime() - t0) / 1e9);
      int trainClasses = data.split("train").classCount();
      for (String run : runs) {
        List<Cell> cells = run(name, emoji, baseSpec, caches, trainClasses, run, options, grid);
        String best = bestConfig(cells, options.protocol());
        StringBuilder rows = new StringBuilder();
        for (Cell c : cells) {
          rows.append(row(name, protocol, c, c.config().equals(best) && cells.size() > 1));
        }
        System.out.print(rows);
        System.out.flush();
        Files.writeString(out, rows, StandardOpenOption.APPEND);
      }
    }
  }

  /** The first {@code n} images of every class in each split. */
  private static Dataset firstPerClass(Dataset data, int n) {
    Map<String, com.hdcsearch.data.DatasetSplit> splits = new LinkedHashMap<>();
    for (var e : data.splits().entrySet()) {
      Map<Integer, Integer> taken = new HashMap<>();
      List<com.hdcsearch.data.LabelledImage> kept = e.getValue().images().stream()
          .filter(i -> taken.merge(i.label(), 1, Integer::sum) <= n).toList();
      splits.put(e.getKey(), new com.hdcsearch.data.DatasetSplit(e.getKey(), kept));
    }
    return new Dataset(data.name(), splits);
  }

  /** Decoded images per input normalisation (the PML recipe scales inputs its own way). */
  private static final class Caches {
    private final Dataset data;
    private final Map<ImageSpec, ImageCache[]> bySpec = new HashMap<>();

    Caches(Dataset data) {
      this.data = data;
    }

    ImageCache[] of(ImageSpec spec) throws IOException {
      ImageCache[] c = bySpec.get(spec);
      if (c == null) {
        c = new ImageCache[] {ImageCache.of(data.split("train").images(), spec),
            ImageCache.of(data.split("test").images(), spec)};
        bySpec.put(spec, c);
      }
      return c;
    }
  }

  private static List<Cell> run(String name, boolean emoji, ImageSpec spec, Caches caches, int trainClasses,
      String run, Options options, TuningGrid grid) throws IOException {
    long[] seeds = options.seeds();
    if (run.equals("untrained")) {
      ImageCache test = caches.of(spec)[1];
      Cell cell = new Cell(run, "192-d", "-", new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (long seed : seeds) {
        try (CascadeEmbedder e = EmbedderLoader.untrained(spec, seed)) {
          cell.reports().add(score(e.embedTensors(test.tensors(), test.size()), test.labels(), seed));
        }
      }
      return List.of(cell);
    }
    String[] parts = run.split(":");
    Method method = Method.parse(parts[0]);
    boolean hdc = method == Method.HDC;
    List<Cell> cells = new ArrayList<>();
    for (String tuning : grid.configurations(method.cliName())) {
      Map<String, Cell> byEmbedding = new LinkedHashMap<>();
      for (long seed : seeds) {
        TrainConfig config = config(method, parts, spec, emoji, trainClasses, seed, tuning, options);
        ImageCache[] data = caches.of(config.model().spec());
        ImageCache train = data[0];
        ImageCache test = data[1];
        String label = name + " " + run + (tuning.isEmpty() ? "" : " [" + tuning + "]") + " seed " + seed;
        try (TrainResult r = CascadeTrainer.train(config, train, rec -> progress(label, rec))) {
          Map<String, float[][]> embeddings = new LinkedHashMap<>();
          float[] weights = config.model().levelWeights();
          int dims = config.model().dimension();
          if (hdc) {
            embeddings.put(dims + "-d concat " + weightsText(weights),
                r.embedder().embedTensors(test.tensors(), test.size()));
            embeddings.put(config.model().levelDims()[config.model().levels() - 1] + "-d deepest level",
                r.embedder().embedTensors(test.tensors(), test.size(), deepestOnly(config.model().levels())));
            for (float[] w : options.scoreWeights()) {
              if (w.length != config.model().levels()) {
                throw new IllegalArgumentException("--score-weights " + weightsText(w) + " has " + w.length
                    + " weights, the network " + config.model().levels() + " levels");
              }
              embeddings.putIfAbsent(dims + "-d concat " + weightsText(w),
                  r.embedder().embedTensors(test.tensors(), test.size(), w));
            }
          } else {
            embeddings.put(config.model().levelDims()[config.model().levels() - 1] + "-d",
                r.embedder().embedTensors(test.tensors(), test.size()));
          }
          for (Map.Entry<String, float[][]> e : embeddings.entrySet()) {
            EvalReport s = score(e.getValue(), test.labels(), seed);
            System.err.printf(Locale.ROOT, "  %s %s: R@1 %.1f MAP@R %.1f NMI %.1f%n", label, e.getKey(),
                100 * s.recallAt(1), 100 * s.mapAtR(), 100 * s.nmi());
            Cell c = byEmbedding.computeIfAbsent(e.getKey(), k -> new Cell(run, k, describe(tuning, config, options),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
            c.reports().add(s);
            c.ips().add(r.imagesPerSecond());
            c.wall().add(r.wallSeconds());
          }
        }
      }
      cells.addAll(byEmbedding.values());
    }
    return cells;
  }

  /** The method's defaults, then the bench's budget and head multiplier, --set, --hdc-set, the grid's settings. */
  static TrainConfig config(Method method, String[] runParts, ImageSpec spec, boolean emoji, int trainClasses,
      long seed, String tuning, Options options) {
    TrainConfig.Builder b = TrainConfig.defaults(method, spec).toBuilder().iterations(options.iterations()).seed(seed)
        .headLrMultiplier(options.headLrMultiplier());
    if (!emoji) {
      // Fashion-MNIST's zero-shot train half has only 5 classes (3 once validation holds 2 out).
      b.batch(Math.min(5, trainClasses), 20);
    }
    if (runParts.length > 1) {
      b.mining(MiningVariant.valueOf(runParts[1].toUpperCase(Locale.ROOT)));
    }
    TrainConfig config = ConfigOverrides.apply(b.build(), options.set());
    if (method == Method.HDC) {
      config = ConfigOverrides.apply(config, options.hdcSet());
    }
    return ConfigOverrides.apply(config, tuning);
  }

  /** Level weights that score the deepest level alone (a 64-d embedding, the baselines' size). */
  private static float[] deepestOnly(int levels) {
    float[] w = new float[levels];
    w[levels - 1] = 1f;
    return w;
  }

  private static String weightsText(float[] weights) {
    StringBuilder s = new StringBuilder();
    for (float w : weights) {
      s.append(s.isEmpty() ? "" : ":").append(w == Math.rint(w) ? String.valueOf((int) w) : String.valueOf(w));
    }
    return s.toString();
  }

  /** The grid's settings and the figures that differ between methods, short enough for a table cell. */
  private static String describe(String tuning, TrainConfig c, Options options) {
    List<String> parts = new ArrayList<>();
    if (!tuning.isEmpty()) {
      parts.add(tuning);
    }
    // The schedule and warm-up differ between methods' defaults, so the row names them.
    parts.add("lr " + plain(c.learningRate()) + " " + c.schedule().name().toLowerCase(Locale.ROOT)
        + (c.warmupSteps() > 0 ? " after " + c.warmupSteps() + " warm-up steps" : ""));
    parts.add("headMult " + plain(c.headLrMultiplier()));
    if (c.method() == Method.HDC) {
      parts.add(c.mining().name().toLowerCase(Locale.ROOT) + " keep " + weightsText(toFloats(c.keepRatios()))
          + (c.keepAllPositives() ? " of negatives, all positives" : ""));
      parts.add("lossWeights " + weightsText(toFloats(c.levelLossWeights())));
      if (c.shallowGradScale() != 1f) {
        parts.add("shallowGrad " + plain(c.shallowGradScale()));
      }
      if (c.levelLoss() != com.hdcsearch.train.LevelLoss.CONTRASTIVE) {
        parts.add("levelLoss " + c.levelLoss().name().toLowerCase(Locale.ROOT));
      }
    }
    if (c.method() == Method.HDC || c.method() == Method.CONTRASTIVE) {
      parts.add(c.pairDistance().name().toLowerCase(Locale.ROOT) + " margin " + plain(c.margin()) + " neg x"
          + plain(c.negativeFactor()) + " " + c.reduction().name().toLowerCase(Locale.ROOT));
    }
    parts.add(c.iterations() + " steps " + c.classesPerBatch() + "x" + c.imagesPerClass());
    if (options.set() != null && !options.set().isBlank()) {
      parts.add("set " + options.set());
    }
    if (c.method() == Method.HDC && options.hdcSet() != null && !options.hdcSet().isBlank()) {
      parts.add("hdc-set " + options.hdcSet());
    }
    return String.join("; ", parts).replace('|', '/');
  }

  /** 0.0005, not 5.0E-4. */
  private static String plain(float v) {
    return new java.math.BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  private static void progress(String label, com.hdcsearch.train.StepRecord rec) {
    if ((rec.step() + 1) % 100 == 0) {
      StringBuilder lv = new StringBuilder();
      rec.levels().forEach(l -> lv.append(String.format(Locale.ROOT, " L%d %d/%d hard %.2f loss %.3f",
          l.level() + 1, l.pairsKept(), l.pairsSeen(), l.hardShare(), l.loss())));
      System.err.printf(Locale.ROOT, "  %s step %d loss %.3f%s %.0f img/s%n", label, rec.step() + 1, rec.loss(), lv,
          rec.imagesPerSecond());
    }
  }

  /**
   * On validation, the configuration whose first embedding (HDC: the concatenation) has the best mean R@1; null on
   * test (nothing is chosen there).
   */
  private static String bestConfig(List<Cell> cells, Protocol protocol) {
    if (protocol == Protocol.TEST) {
      return null;
    }
    String best = null;
    double bestR1 = -1;
    String firstEmbedding = cells.isEmpty() ? null : cells.get(0).embedding();
    for (Cell c : cells) {
      if (!c.embedding().equals(firstEmbedding)) {
        continue;
      }
      double r1 = stats(c, 1).mean();
      if (r1 > bestR1) {
        bestR1 = r1;
        best = c.config();
      }
    }
    return best;
  }

  private static SeedStats stats(Cell c, int recallK) {
    return SeedStats.of(c.reports().stream().mapToDouble(r -> r.recallAt(recallK)).toArray());
  }

  /** Zero-shot scores of the unseen classes with the product's evaluator (exact neighbours; k-means seeded). */
  static EvalReport score(float[][] embeddings, int[] labels, long seed) {
    return new Evaluator().evaluate(embeddings, labels, RecallKs.SMALL, seed);
  }

  private static String row(String name, String protocol, Cell c, boolean best) {
    SeedStats map = SeedStats.of(c.reports().stream().mapToDouble(EvalReport::mapAtR).toArray());
    SeedStats nmi = SeedStats.of(c.reports().stream().mapToDouble(EvalReport::nmi).toArray());
    String ips = c.ips().isEmpty() ? "-"
        : String.format(Locale.ROOT, "%.0f", c.ips().stream().mapToDouble(Double::doubleValue).average().orElse(0));
    String wall = c.wall().isEmpty() ? "-"
        : String.format(Locale.ROOT, "%.0f", c.wall().stream().mapToDouble(Double::doubleValue).average().orElse(0));
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.1f | %.1f | %.1f | %s | %s | %d | %s | %s |%n",
        name, protocol, c.run(), c.embedding(), (best ? "**chosen** " : "") + c.config(),
        stats(c, 1).percent(), 100 * stats(c, 2).mean(), 100 * stats(c, 4).mean(), 100 * stats(c, 8).mean(),
        map.percent(), nmi.percent(), c.reports().size(), ips, wall);
  }
}
