package com.hdcsearch.cli;

import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.train.bench.QualityBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdc quality}: trains every method at one budget on zero-shot splits and appends a Markdown table. */
@Command(name = "quality", mixinStandardHelpOptions = true,
    description = "Quality bench: HDC (both mining variants) vs contrastive, triplet and MS at equal budget.")
public final class BenchQualityCommand implements Callable<Integer> {
  @Option(names = "--datasets", defaultValue = "emoji,fashion-mnist", description = "Default ${DEFAULT-VALUE}.")
  String datasets;

  @Option(names = "--runs", defaultValue = "untrained,hdc:cascade,hdc:independent,contrastive,triplet,ms",
      description = "Default ${DEFAULT-VALUE}.")
  String runs;

  @Option(names = "--iterations", defaultValue = "300", description = "Steps per method (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--seed", defaultValue = "1", description = "Default ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--emoji-size", defaultValue = "32",
      description = "Emoji input size (default ${DEFAULT-VALUE}; 64 is native but ~4x slower on CPU).")
  int emojiSize;

  @Option(names = "--set", description = "Overrides for every method, key=value,...")
  String set;

  @Option(names = "--hdc-set", description = "Overrides for HDC runs only, key=value,...")
  String hdcSet;

  @Option(names = "--out", defaultValue = "target/bench-quality.md",
      description = "Markdown file, appended; the rows are printed too (default ${DEFAULT-VALUE}).")
  Path out;

  /** For picocli. */
  public BenchQualityCommand() {}

  @Override
  public Integer call() throws Exception {
    try {
      QualityBench.run(new QualityBench.Options(datasets, runs, iterations, seed, emojiSize, set, hdcSet, out));
      return 0;
    } catch (IllegalArgumentException | MissingDatasetException e) {
      // A bad name or override, or a data set not fetched: the message says which and how to fix it.
      System.err.println("hdc bench quality: " + e.getMessage());
      return 2;
    }
  }
}
