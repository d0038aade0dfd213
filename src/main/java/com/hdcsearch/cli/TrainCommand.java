package com.hdcsearch.cli;

import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.model.Checkpoints;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.train.CascadeTrainer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.ProgressBar;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainResult;
import com.hdcsearch.train.bench.ConfigOverrides;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.eval.EvalReport;
import com.hdcsearch.eval.Evaluator;
import com.hdcsearch.eval.RecallKs;
import com.hdcsearch.data.RetrievalSplits;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdc train}: trains a cascade (or a baseline) on a data set's train split and writes a checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train an HDC cascade or a baseline on a data set's train split; write a checkpoint directory.")
public final class TrainCommand implements Callable<Integer> {
  /** Emoji-4V is 64 px natively; Fashion-MNIST 28 px grey. */
  static final int EMOJI_SIZE = 64;
  static final int FASHION_SIZE = 28;

  @Option(names = "--dataset", required = true, description = "Data set: emoji or fashion-mnist.")
  String dataset;

  @Option(names = "--root", description = "Data set root folder (default: the reader's default location).")
  Path root;

  @Option(names = "--method", defaultValue = "hdc", description = "hdc, contrastive, triplet or ms (default ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--mining", defaultValue = "cascade",
      description = "HDC mining: cascade or independent (default ${DEFAULT-VALUE}).")
  String mining;

  @Option(names = "--iterations", defaultValue = "600", description = "Optimisation steps (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--seed", defaultValue = "1", description = "Training seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--split-seed", defaultValue = "0", description = "Seed of the zero-shot class split (default ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(names = "--vendors", split = ",", description = "Emoji vendors to include (default all).")
  List<String> vendors = List.of();

  @Option(names = "--image-size", description = "Square input size (default 64 for emoji, 28 for fashion-mnist).")
  Integer imageSize;

  @Option(names = "--batch", description = "P x K batch, e.g. 25x4 (default 25x4; 5x20 for fashion-mnist).")
  String batch;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--set", description = "Advanced overrides, key=value,... (lr, headMult, opt, keep, weights, negFactor, head, ...).")
  String overrides;

  @Option(names = "--threads", description = "libtorch intra-op threads (default 1: the only count at which training"
      + " is bit-reproducible from its seed; more train faster, e.g. 2 on 2 idle cores: 121 vs 63 img/s at 64 px).")
  Integer threads;

  @Option(names = "--no-eval", description = "Skip scoring the test split after training.")
  boolean noEval;

  @Option(names = "--out", required = true, description = "Checkpoint directory to write.")
  Path out;

  /** For picocli. */
  public TrainCommand() {}

  @Override
  public Integer call() throws Exception {
    TorchThreads.configureForTraining(threads);
    boolean emoji = dataset.equals("emoji");
    int size = imageSize != null ? imageSize : emoji ? EMOJI_SIZE : FASHION_SIZE;
    ImageSpec spec = emoji ? ImageSpec.rgb(size) : ImageSpec.grey(size);
    DatasetOptions options = new DatasetOptions(root, vendors, splitSeed, false, size);
    // Interim: replace with the data team's DatasetRegistry once merged.
    Dataset data = RetrievalSplits.zeroShot(DatasetRegistry.standard(), dataset, options);
    Method m = Method.parse(method);
    TrainConfig.Builder b = TrainConfig.defaults(m, spec).toBuilder().iterations(iterations).seed(seed)
        .mining(MiningVariant.valueOf(mining.toUpperCase(Locale.ROOT)));
    if (batch != null) {
      String[] pk = batch.split("x");
      b.batch(Integer.parseInt(pk[0]), Integer.parseInt(pk[1]));
    } else if (!emoji) {
      b.batch(5, 20);
    }
    TrainConfig config = ConfigOverrides.apply(b.build(), overrides);
    config = config.toBuilder().model(config.model().withDevice(device)).build();
    DatasetSplit train = data.split("train");
    System.err.printf(Locale.ROOT, "%s: %d train images, %d classes; %s%n", dataset, train.size(),
        train.classCount(), config.toMap());
    // An override may change the input scaling (recipe=pml, inputStd): cache with the model's own spec.
    spec = config.model().spec();
    ImageCache cache = ImageCache.of(train.images(), spec);
    try (TrainResult r = CascadeTrainer.train(config, cache, new ProgressBar(System.err))) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("finalLoss", r.meanLoss(false, 50));
      metrics.put("imagesPerSecond", r.imagesPerSecond());
      metrics.put("wallSeconds", r.wallSeconds());
      if (!noEval && data.splits().containsKey("test")) {
        ImageCache test = ImageCache.of(data.split("test").images(), spec);
        EvalReport s = new Evaluator().evaluate(r.embedder().embedTensors(test.tensors(), test.size()),
            test.labels(), RecallKs.forDataset(dataset), seed);
        s.recall().forEach((k, v) -> metrics.put("test.recallAt" + k, v));
        metrics.put("test.mapAtR", s.mapAtR());
        metrics.put("test.nmi", s.nmi());
        System.err.println("unseen classes: " + s.recall() + " MAP@R " + s.mapAtR() + " NMI " + s.nmi());
      }
      String version = dataset + "-" + m.cliName() + "-s" + seed + "-" + Long.toString(System.currentTimeMillis(), 36);
      CheckpointManifest manifest = new CheckpointManifest(version, config.model(), dataset, seed,
          config.iterations(), config.toMap(), metrics, Instant.now().toString());
      Checkpoints.save(r.embedder().network(), manifest, out);
      System.err.printf(Locale.ROOT, "wrote %s (%s), %.0f img/s, %.0f s%n", out, version, r.imagesPerSecond(),
          r.wallSeconds());
    }
    return 0;
  }
}
