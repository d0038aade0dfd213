package com.hdcsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.data.RetrievalSplits;
import com.hdcsearch.eval.EvalReport;
import com.hdcsearch.eval.Evaluator;
import com.hdcsearch.eval.RecallKs;
import com.hdcsearch.eval.SplitEmbedding;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.model.TorchThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hdc eval}: zero-shot retrieval quality of a checkpoint on a data set's unseen classes (In-shop: its query set
 * against its gallery), with exact neighbours: Recall@K at the paper's K, MAP@R and NMI.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a checkpoint: Recall@K, MAP@R and NMI on the data set's unseen classes.")
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", required = true, description = "Checkpoint directory written by hdc train.")
  Path checkpoint;

  @Option(names = "--dataset", required = true, description = "fashion-mnist, emoji, cub200, cars196, sop or inshop.")
  String dataset;

  @Option(names = "--root", description = "Data set folder (default: $HDC_DATA_ROOT/NAME or ./data/NAME).")
  Path root;

  @Option(names = "--split-seed", defaultValue = "0", description = "Emoji: seed of the class split (default: ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(names = "--vendors", split = ",", description = "Emoji: vendors to include (default: all).")
  List<String> vendors;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the k-means behind NMI (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(checkpoint.resolve("manifest.json"))) {
      System.err.println("hdc eval: " + checkpoint + " is not a checkpoint (no manifest.json); make one with hdc train");
      return 2;
    }
    TorchThreads.configure();
    try (Embedder embedder = EmbedderLoader.load(checkpoint)) {
      DatasetOptions options = new DatasetOptions(root, vendors, splitSeed, false, embedder.imageSpec().size());
      Dataset data;
      try {
        data = RetrievalSplits.zeroShot(DatasetRegistry.standard(), dataset, options);
      } catch (MissingDatasetException | IllegalArgumentException e) {
        System.err.println("hdc eval: " + e.getMessage());
        return 2;
      }
      List<Integer> ks = RecallKs.forDataset(dataset);
      Evaluator evaluator = new Evaluator();
      EvalReport report;
      if (data.splits().containsKey("query")) {
        SplitEmbedding query = SplitEmbedding.of(embedder, data.split("query").images());
        SplitEmbedding gallery = SplitEmbedding.of(embedder, data.split("gallery").images());
        report = evaluator.evaluate(query.vectors(), query.labels(), gallery.vectors(), gallery.labels(), ks, seed);
      } else {
        SplitEmbedding test = SplitEmbedding.of(embedder, data.split("test").images());
        report = evaluator.evaluate(test.vectors(), test.labels(), ks, seed);
      }
      if (json) {
        System.out.println(new ObjectMapper().writeValueAsString(report));
      } else {
        System.out.printf(Locale.ROOT, "%s on %s (%d images, %d classes), model %s%n", checkpoint, dataset,
            report.images(), report.classes(), embedder.modelVersion());
        for (Map.Entry<Integer, Double> e : report.recall().entrySet()) {
          System.out.printf(Locale.ROOT, "  R@%-4d %.4f%n", e.getKey(), e.getValue());
        }
        System.out.printf(Locale.ROOT, "  MAP@R  %.4f%n  NMI    %.4f%n", report.mapAtR(), report.nmi());
      }
      return 0;
    }
  }
}
