package com.hdcsearch.serving.bench;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hdc bench reembed}: ingests a catalog with one model version, then swaps in a new version and times the
 * re-embedding of the whole catalog into its index (the promotion path: {@code ModelSwap} and the stream tasks'
 * back-fill). Last line {@code reembed items=.. seconds=.. img_per_s=..}.
 */
@Command(name = "reembed", mixinStandardHelpOptions = true,
    description = "Time to re-embed a whole catalog for a new model version (in-process broker, the production "
        + "pipeline and swap).")
public final class BenchReembedCommand implements Callable<Integer> {
  @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Images (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--split", defaultValue = "train", description = "Split (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--count", defaultValue = "60000", description = "Catalog items (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--image-size", defaultValue = "28", description = "Model input side (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--rgb", description = "RGB model input (default: grey).")
  boolean rgb;

  @Option(names = "--partitions", defaultValue = "4", description = "Catalog partitions (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--threads", description = "Stream threads, each embedding its partitions (default: the cores).")
  Integer threads;

  @Option(names = "--batch-size", defaultValue = "32", description = "Micro-batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--backfill-budget-ms", defaultValue = "40",
      description = "Embedding time per punctuation for the back-fill (default: ${DEFAULT-VALUE}).")
  long backfillBudgetMs;

  @Option(names = "--timeout-min", defaultValue = "30", description = "Give up after (default: ${DEFAULT-VALUE}).")
  long timeoutMinutes;

  @Override
  public Integer call() throws Exception {
    List<LabelledImage> images = DatasetRegistry.standard().read(dataset, DatasetOptions.defaults()).split(split)
        .images();
    if (images.size() < count) {
      throw new IllegalArgumentException(dataset + "/" + split + " has " + images.size() + " images, fewer than --count "
          + count);
    }
    int streamThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    ImageSpec spec = rgb ? ImageSpec.rgb(imageSize) : ImageSpec.grey(imageSize);
    var options = new ReembedBench.Options(partitions, streamThreads, batchSize, Duration.ofMillis(50),
        Duration.ofMillis(backfillBudgetMs), spec, Duration.ofMinutes(timeoutMinutes));
    System.out.printf(Locale.ROOT, "reembed: %d %s/%s images, %d partitions, %d stream threads, batch %d, back-fill "
        + "budget %d ms per %d ms, %d cores%n", count, dataset, split, partitions, streamThreads, batchSize,
        backfillBudgetMs, 50, Runtime.getRuntime().availableProcessors());
    ReembedBench.Result r = new ReembedBench(options).run(images.subList(0, count));
    System.out.printf(Locale.ROOT, "ingest items=%d seconds=%.1f img_per_s=%.0f%n", r.items(), r.ingestSeconds(),
        r.ingestPerSecond());
    System.out.printf(Locale.ROOT, "served %s with %d items%n", r.servedVersion(), r.servedItems());
    System.out.printf(Locale.ROOT, "reembed items=%d seconds=%.1f img_per_s=%.0f%n", r.items(), r.reembedSeconds(),
        r.reembedPerSecond());
    return 0;
  }
}
