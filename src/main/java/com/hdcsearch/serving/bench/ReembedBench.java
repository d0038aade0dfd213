package com.hdcsearch.serving.bench;

import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.index.VectorIndex;
import com.hdcsearch.kafka.EmbeddedKafkaBroker;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.TopicCreator;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.model.EmbedderWarmup;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.online.TrainingFeed;
import com.hdcsearch.serving.ModelSwap;
import com.hdcsearch.serving.ServingModel;
import com.hdcsearch.serving.SwapFailedException;
import com.hdcsearch.stream.CatalogTopology;
import com.hdcsearch.stream.IngestPipeline;
import com.hdcsearch.stream.PipelineMetrics;
import com.hdcsearch.stream.SharedImageDecoding;
import com.hdcsearch.stream.produce.CatalogPublisher;
import com.hdcsearch.versions.VersionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.lucene.store.FSDirectory;

/**
 * Re-embedding a catalog for a new model version, the way a promotion does it: a real in-process broker and the
 * production pipeline (validate, catalog, micro-batch embedding, index updater) ingest the catalog with version 1, then
 * {@link ModelSwap} swaps in version 2: its index is filled by the stream tasks' back-fill (and live changes), and the
 * swap ends when it holds every item. Both phases are timed; everything runs in this JVM, in a scratch directory that
 * is deleted afterwards.
 */
public final class ReembedBench {
  /** What to run. */
  public record Options(int partitions, int streamThreads, int batchSize, Duration linger, Duration backfillBudget,
      ImageSpec spec, Duration timeout) {
    public Options {
      if (partitions < 1 || streamThreads < 1 || batchSize < 1) {
        throw new IllegalArgumentException("partitions, stream threads and batch size must be at least 1, got: "
            + partitions + ", " + streamThreads + ", " + batchSize);
      }
    }
  }

  /**
   * The figures of one run.
   *
   * @param items catalog items
   * @param ingestSeconds from the first record sent to every item searchable with version 1
   * @param reembedSeconds the swap to version 2, start to switch (every item searchable with it)
   * @param servedVersion the version that serves at the end
   * @param servedItems items of its index
   */
  public record Result(int items, double ingestSeconds, double reembedSeconds, String servedVersion,
      int servedItems) {
    public double ingestPerSecond() {
      return items / ingestSeconds;
    }

    public double reembedPerSecond() {
      return items / reembedSeconds;
    }
  }

  private final Options options;

  public ReembedBench(Options options) {
    this.options = options;
  }

  /** Runs both phases on {@code catalog}. */
  public Result run(List<LabelledImage> catalog) throws IOException, InterruptedException, SwapFailedException {
    if (catalog.isEmpty()) {
      throw new IllegalArgumentException("the catalog is empty");
    }
    TorchThreads.configureDefault(1);
    Path home = Files.createTempDirectory("hdc-bench-reembed-");
    RecordSizes sizes = RecordSizes.defaults();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(home.resolve("kafka"), 0)) {
      TopicCreator.createMissing(broker.bootstrapServers(), Topics.all(options.partitions()));
      CascadeEmbedder v1 = EmbedderLoader.untrained(options.spec(), 1);
      EmbedderWarmup.warmUp(v1, 1, options.batchSize());
      Path indexRoot = home.resolve("index");
      VectorIndex index = VectorIndex.open(FSDirectory.open(indexRoot.resolve(v1.modelVersion())),
          v1.modelVersion(), v1.dimension(), HnswConfig.defaults());
      try (ServingIndex serving = new ServingIndex(index); ServingModel model = new ServingModel(v1, index.indexId())) {
        PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
        var topology = new CatalogTopology(new SharedImageDecoding(sizes.maxImageBytes(), Long.MAX_VALUE),
            model::ingestModels, TrainingFeed.NONE, metrics, options.batchSize(), options.linger(),
            options.backfillBudget(), sizes).topology();
        IngestPipeline pipeline = new IngestPipeline(topology, broker.bootstrapServers(), "bench-reembed",
            home.resolve("streams").toString(), options.streamThreads(), Duration.ofSeconds(1), serving, metrics,
            Duration.ofSeconds(5), sizes);
        try {
          // Encoded before the clock starts: the producer's encoding is not the pipeline's ingest.
          List<CatalogPublisher.EncodedImage> records = CatalogPublisher.encodeAll(catalog);
          pipeline.start();
          long start = System.nanoTime();
          try (CatalogPublisher publisher = new CatalogPublisher(broker.bootstrapServers())) {
            publisher.publishEncoded(records, 0, n -> {});
          }
          awaitSize(serving, catalog.size(), start);
          double ingestSeconds = (System.nanoTime() - start) / 1e9;

          CascadeEmbedder v2 = EmbedderLoader.untrained(options.spec(), 2);
          ModelSwap swap = new ModelSwap(model, serving, pipeline, indexRoot, HnswConfig.defaults(),
              ModelSwap.Faults.NONE);
          ModelSwap.Result swapped = swap.run(v2, options.timeout());
          return new Result(catalog.size(), ingestSeconds, swapped.took().toNanos() / 1e9, swapped.to(),
              serving.current().size());
        } finally {
          pipeline.close();
        }
      }
    } finally {
      VersionStore.deleteTree(home);
    }
  }

  private void awaitSize(ServingIndex serving, int items, long start) throws InterruptedException {
    long deadline = start + options.timeout().toNanos();
    while (serving.current().size() < items) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the catalog was not searchable within " + options.timeout() + ": "
            + serving.current().size() + " of " + items + " items");
      }
      Thread.sleep(20);
    }
  }
}
