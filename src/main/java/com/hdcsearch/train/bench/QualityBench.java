package com.hdcsearch.train.bench;

import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.eval.DotKernel;
import com.hdcsearch.eval.EvalReport;
import com.hdcsearch.eval.Evaluator;
import com.hdcsearch.eval.ExactNeighbours;
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
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.RetrievalSplits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Trains every method at the same budget on zero-shot splits and writes a Markdown table of retrieval quality on the
 * unseen classes; the command line is {@code hdc bench quality}. Emoji-4V: RGB at the chosen size, 25 classes x 4
 * views; Fashion-MNIST: 28x28 grey, 5 x 20.
 */
public final class QualityBench {
  private static final String HEADER =
      "| data set | run | R@1 | R@2 | R@4 | R@8 | MAP@R | NMI | train img/s | wall s | config |\n"
      + "|---|---|---|---|---|---|---|---|---|---|---|\n";


  public static final int FASHION_SIZE = 28;
  /** Level weightings scored for every HDC run, from one trained model (weights only matter at test time). */
  private static final float[][] WEIGHTINGS = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}, {1, 2, 3}, {0, 1, 2},
      {0, 1, 3}, {1, 2, 4}, {1, 1, 4}, {0.5f, 1, 3}};

  private QualityBench() {}

  /**
   * What to run (the {@code hdc bench quality} options).
   *
   * @param datasets comma-separated: emoji, fashion-mnist
   * @param runs comma-separated: untrained, hdc[:mining], contrastive, triplet, ms
   * @param set overrides for every method, {@code key=value,...} (see {@link ConfigOverrides}), or null
   * @param hdcSet overrides for HDC runs only, or null
   * @param out Markdown file the rows are appended to (created with a header)
   */
  public record Options(String datasets, String runs, int iterations, long seed, int emojiSize, String set,
      String hdcSet, Path out) {}

  /** Runs the bench: prints each row and appends it to {@code options.out()}. */
  public static void run(Options options) throws IOException {
    String set = options.set();
    String hdcSet = options.hdcSet();
    int iterations = options.iterations();
    long seed = options.seed();
    Path out = options.out();
    TorchThreads.configureForTraining(null);
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    if (!Files.exists(out)) {
      Files.writeString(out, HEADER);
    }
    for (String name : options.datasets().split(",")) {
      boolean emoji = name.equals("emoji");
      ImageSpec spec = emoji ? ImageSpec.rgb(options.emojiSize()) : ImageSpec.grey(FASHION_SIZE);
      long t0 = System.nanoTime();
      Dataset data = RetrievalSplits.zeroShot(DatasetRegistry.standard(), name, DatasetOptions.defaults());
      ImageCache train = ImageCache.of(data.split("train").images(), spec);
      ImageCache test = ImageCache.of(data.split("test").images(), spec);
      System.err.printf(Locale.ROOT, "%s: %d train, %d test images cached in %.1f s%n", name, train.size(),
          test.size(), (System.nanoTime() - t0) / 1e9);
      for (String run : options.runs().split(",")) {
        String row = run(name, emoji, spec, train, test, run, iterations, seed, set, hdcSet);
        System.out.print(row);
        System.out.flush();
        Files.writeString(out, row, StandardOpenOption.APPEND);
      }
    }
  }

  private static String run(String name, boolean emoji, ImageSpec spec, ImageCache train, ImageCache test,
      String run, int iterations, long seed, String set, String hdcSet) throws IOException {
    if (run.equals("untrained")) {
      try (CascadeEmbedder e = EmbedderLoader.untrained(spec, seed)) {
        EvalReport s = score(e.embedTensors(test.tensors(), test.size()), test.labels(), seed);
        return row(name, run, s, 0, 0, "seed " + seed);
      }
    }
    String[] parts = run.split(":");
    Method method = Method.parse(parts[0]);
    TrainConfig.Builder b = TrainConfig.defaults(method, spec).toBuilder().iterations(iterations).seed(seed);
    if (!emoji) {
      b.batch(5, 20); // Fashion-MNIST's zero-shot train half has only 5 classes
    }
    if (parts.length > 1) {
      b.mining(MiningVariant.valueOf(parts[1].toUpperCase(Locale.ROOT)));
    }
    TrainConfig config = ConfigOverrides.apply(b.build(), set);
    if (method == Method.HDC) {
      config = ConfigOverrides.apply(config, hdcSet);
    }
    final TrainConfig cfg = config;
    try (TrainResult r = CascadeTrainer.train(cfg, train, rec -> {
      if ((rec.step() + 1) % 100 == 0) {
        StringBuilder lv = new StringBuilder();
        rec.levels().forEach(l -> lv.append(String.format(Locale.ROOT, " L%d %d/%d hard %.2f loss %.3f",
            l.level() + 1, l.pairsKept(), l.pairsSeen(), l.hardShare(), l.loss())));
        System.err.printf(Locale.ROOT, "  %s %s step %d loss %.3f%s %.0f img/s%n", name, run, rec.step() + 1,
            rec.loss(), lv, rec.imagesPerSecond());
      }
    })) {
      EvalReport s = score(r.embedder().embedTensors(test.tensors(), test.size()), test.labels(), seed);
      if (method == Method.HDC) {
        StringBuilder w = new StringBuilder("  weightings R@1/MAP@R:");
        for (float[] weights : WEIGHTINGS) {
          // Only R@1 and MAP@R are printed here: one k-means step keeps the ten extra evaluations cheap.
          EvalReport ws = new Evaluator(DotKernel.DEFAULT, ExactNeighbours.DEFAULT_BLOCK_SIZE, 1).evaluate(
              r.embedder().embedTensors(test.tensors(), test.size(), weights), test.labels(), RecallKs.SMALL, seed);
          w.append(String.format(Locale.ROOT, " %s %.1f/%.1f", Arrays.toString(weights), 100 * ws.recallAt(1),
              100 * ws.mapAtR()));
        }
        System.err.println(w);
      }
      String desc = cfg.toMap().toString().replace('|', '/');
      return row(name, run, s, r.imagesPerSecond(), r.wallSeconds(), desc);
    }
  }

  /** Zero-shot scores of the unseen classes with the product's evaluator (exact neighbours; k-means seeded). */
  static EvalReport score(float[][] embeddings, int[] labels, long seed) {
    return new Evaluator().evaluate(embeddings, labels, RecallKs.SMALL, seed);
  }

  private static String row(String name, String run, EvalReport s, double ips, double wall, String config) {
    return String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %s |%n",
        name, run, 100 * s.recallAt(1), 100 * s.recallAt(2), 100 * s.recallAt(4), 100 * s.recallAt(8),
        100 * s.mapAtR(), 100 * s.nmi(), ips, wall, config);
  }
}
