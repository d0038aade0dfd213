package com.hdcsearch.cli;

import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.data.ValidationSplit;
import com.hdcsearch.train.bench.QualityBench;
import com.hdcsearch.train.bench.TuningGrid;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdc bench quality}: trains every method at one budget on zero-shot splits and appends a Markdown table. */
@Command(name = "quality", mixinStandardHelpOptions = true,
    description = "Quality bench: HDC vs contrastive, triplet and MS at equal budget, tuned on a validation split "
        + "of the training classes, scored once on the test classes; seeds give mean ± sd.")
public final class BenchQualityCommand implements Callable<Integer> {
  @Option(names = "--datasets", defaultValue = "emoji,fashion-mnist", description = "Default ${DEFAULT-VALUE}.")
  String datasets;

  @Option(names = "--runs", defaultValue = "untrained,hdc:cascade,hdc:independent,contrastive,triplet,ms",
      description = "Default ${DEFAULT-VALUE}.")
  String runs;

  @Option(names = "--iterations", defaultValue = "300", description = "Steps per method (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = {"--seeds", "--seed"}, defaultValue = "1", split = ",",
      description = "Seeds, comma-separated; each configuration runs once per seed (default ${DEFAULT-VALUE}).")
  long[] seeds;

  @Option(names = "--protocol", defaultValue = "validation",
      description = "validation: score a class-disjoint share (--val-share) of the training classes, train on "
          + "the rest (for every choice); test: the test classes, once, one configuration per method "
          + "(default ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--val-share", defaultValue = "" + ValidationSplit.DEFAULT_SHARE,
      description = "Share of the training classes held out by --protocol validation (default ${DEFAULT-VALUE}).")
  double valShare;

  @Option(names = "--head-mult", defaultValue = "1",
      description = "Head learning-rate multiplier of every method, unless a grid or --set tunes it "
          + "(default ${DEFAULT-VALUE}).")
  float headMult;

  @Option(names = "--grid",
      description = "Configurations every method tries: key=v1|v2;key2=w1|w2 (keys as for --set).")
  String grid;

  @Option(names = "--method-grid", paramLabel = "METHOD:GRID",
      description = "A method's own knobs, e.g. hdc:keep=1:0.5:0.2|1:1:1 or contrastive:margin=0.8|1; repeatable. "
          + "Every method must try the same number of configurations.")
  String[] methodGrids;

  @Option(names = "--allow-unequal-budget", description = "Compare even when methods try different numbers of "
      + "configurations.")
  boolean allowUnequalBudget;

  @Option(names = "--max-per-class", defaultValue = "0",
      description = "At most this many images per class in each split, for quick checks (default 0: all).")
  int maxPerClass;

  @Option(names = "--emoji-size", defaultValue = "32",
      description = "Emoji input size (default ${DEFAULT-VALUE}; 64 is native but ~4x slower on CPU).")
  int emojiSize;

  @Option(names = "--set", description = "Overrides for every method, key=value,... (recipe=pml: the "
      + "pytorch-metric-learning contrastive recipe)")
  String set;

  @Option(names = "--hdc-set", description = "Overrides for HDC runs only, key=value,...")
  String hdcSet;

  @Option(names = "--score-weights", split = ",", paramLabel = "W1:W2:W3",
      description = "Also score every trained HDC model with these level weightings (test time only: the same "
          + "network), e.g. 1:1:1,1:1:2")
  String[] scoreWeights;

  @Option(names = "--out", defaultValue = "target/bench-quality.md",
      description = "Markdown file, appended; the rows are printed too (default ${DEFAULT-VALUE}).")
  Path out;

  private static java.util.List<float[]> parseWeights(String[] texts) {
    java.util.List<float[]> out = new java.util.ArrayList<>();
    for (String t : texts == null ? new String[0] : texts) {
      String[] parts = t.split(":");
      float[] w = new float[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          w[i] = Float.parseFloat(parts[i]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--score-weights must be W1:W2:W3 numbers, got: " + t);
        }
        if (!(w[i] >= 0) || Float.isInfinite(w[i])) {
          throw new IllegalArgumentException("--score-weights must be finite and >= 0, got: " + t);
        }
      }
      out.add(w);
    }
    return out;
  }

  /** For picocli. */
  public BenchQualityCommand() {}

  @Override
  public Integer call() throws Exception {
    try {
      Map<String, String> perMethod = new LinkedHashMap<>();
      for (String g : methodGrids == null ? new String[0] : methodGrids) {
        int colon = g.indexOf(':');
        if (colon < 1) {
          throw new IllegalArgumentException("--method-grid must be METHOD:key=v1|v2;..., got: " + g);
        }
        String method = com.hdcsearch.train.Method.parse(g.substring(0, colon)).cliName();
        if (perMethod.putIfAbsent(method, g.substring(colon + 1)) != null) {
          throw new IllegalArgumentException("--method-grid given twice for " + method);
        }
      }
      QualityBench.run(new QualityBench.Options(datasets, runs, iterations, Arrays.copyOf(seeds, seeds.length),
          emojiSize, set, hdcSet, out, QualityBench.Protocol.parse(protocol), valShare, headMult,
          new TuningGrid(grid, perMethod), allowUnequalBudget, maxPerClass, parseWeights(scoreWeights)));
      return 0;
    } catch (IllegalArgumentException | MissingDatasetException e) {
      // A bad name, override or grid, or a data set not fetched: the message says which and how to fix it.
      System.err.println("hdc bench quality: " + e.getMessage());
      return 2;
    }
  }
}
