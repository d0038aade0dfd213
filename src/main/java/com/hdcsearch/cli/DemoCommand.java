package com.hdcsearch.cli;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.stream.IngestService;
import com.hdcsearch.stream.produce.CatalogPublisher;
import com.hdcsearch.versions.ModelLifecycle;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hdc demo}: the service on embedded defaults, fed with a data set's catalog (Fashion-MNIST's 60,000 training
 * images by default) at a steady rate, with a progress bar and the URLs to try; it says when every image is
 * searchable, and runs until stopped. A second run on the same data finds its catalog there and does not stream it
 * again (unless {@code --restream}): the data survives restarts, and streaming the same images again would only
 * replace each item with itself.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the service on embedded defaults and stream the Fashion-MNIST catalog into it.")
public final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_DATASET = "fashion-mnist";

  @Option(names = "--dataset", defaultValue = DEFAULT_DATASET, description = "Data set to stream (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--split", defaultValue = "train", description = "Split to stream (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--rate", defaultValue = "1000", description = "Images per second, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--limit", defaultValue = "0", description = "Stream at most this many images, 0 = all.")
  int limit;

  @Option(names = "--restream", description = "Stream the catalog even when an earlier run left it in the service "
      + "(idempotent: each item is replaced by the same image).")
  boolean restream;

  @picocli.CommandLine.Mixin ServingModelOption model;

  @Override
  public Integer call() {
    model.applyBeforeBoot();
    if (rate < 0) {
      System.err.println("hdc demo: --rate must be >= 0, got: " + rate);
      return 2;
    }
    // Quarkus creates the application object itself; the options travel as its arguments.
    Quarkus.run(DemoApplication.class, dataset, split, Double.toString(rate), Integer.toString(limit),
        Boolean.toString(restream));
    return 0;
  }

  /** What the demo streams; handed from the command line to the booted application. */
  record Catalog(String dataset, String split, List<LabelledImage> images, double rate) {
    static Catalog load(String dataset, String split, double rate, int limit) {
      List<LabelledImage> images = DatasetRegistry.standard().read(dataset, DatasetOptions.defaults()).split(split).images();
      if (limit > 0 && limit < images.size()) {
        images = images.subList(0, limit);
      }
      return new Catalog(dataset, split, images, rate);
    }
  }

  /**
   * Prints each held-out decision and each swap as it happens: the demo's point is watching the model get better.
   */
  static void printPromotions(PrintStream out) {
    ModelLifecycle lifecycle = Arc.container().instance(ModelLifecycle.class).get();
    lifecycle.addListener(e -> {
      switch (e.status()) {
        case PROMOTED, REJECTED -> out.printf(Locale.ROOT, "%nhdc demo: candidate %s %s after %d steps: %s%n",
            e.versionId(), e.status(), e.steps(), e.reason());
        case SERVING -> out.printf(Locale.ROOT, "%nhdc demo: model %s now serves (%s)%n", e.versionId(), e.reason());
        default -> { }
      }
    });
  }

  /** Boots the service, prints where to look, streams the catalog if needed, then keeps serving until stopped. */
  public static final class DemoApplication implements QuarkusApplication {
    /** How long the demo waits for the pipeline to run, and then for its catalog to be searchable. */
    private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SEARCHABLE_TIMEOUT = Duration.ofMinutes(30);
    private static final long POLL_MILLIS = 250;

    @Override
    public int run(String... args) throws InterruptedException {
      Catalog c;
      try {
        c = Catalog.load(args[0], args[1], Double.parseDouble(args[2]), Integer.parseInt(args[3]));
      } catch (MissingDatasetException | IllegalArgumentException e) {
        System.err.println("hdc demo: " + e.getMessage());
        return 2;
      }
      boolean restream = Boolean.parseBoolean(args[4]);
      KafkaCluster kafka = Arc.container().instance(KafkaCluster.class).get();
      IngestService ingest = Arc.container().instance(IngestService.class).get();
      ServingIndex serving = Arc.container().instance(ServingIndex.class).get();
      String bootstrap = kafka.bootstrapServers();
      int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
      PrintStream out = System.out;
      String base = "http://localhost:" + port;
      String data = kafka.embeddedBroker().map(b -> " (data in " + b.logDir().toAbsolutePath().normalize() + ")")
          .orElse("");
      out.printf(Locale.ROOT, "%nhdc demo: service up at %s, Kafka at %s%s%n", base, bootstrap, data);
      out.printf("  health       curl %s/q/health%n", base);
      out.printf("  model        curl %s/api/model%n", base);
      out.printf("  similar      curl '%s/api/items/%s/similar?k=5'%n", base, c.images().get(0).id());
      out.printf("  by image     curl -X POST -H 'Content-Type: image/png' --data-binary @some.png '%s/api/search?k=5'%n", base);
      out.printf("  metrics      %s/q/metrics   OpenAPI %s/q/openapi   Swagger UI %s/q/swagger-ui%n", base, base, base);
      out.printf("  learning     curl %s/api/training     versions  curl %s/api/model/versions     dashboard %s/%n",
          base, base, base);
      printPromotions(out);

      long start = System.nanoTime();
      if (!awaitPipeline(ingest)) {
        System.err.printf("hdc demo: the ingest pipeline is not running after %d s (%s); see the log above%n",
            PIPELINE_TIMEOUT.toSeconds(), ingest.streamsState());
        return 1;
      }
      DemoCatalog catalog = new DemoCatalog(c.images());
      int found = catalog.present(id -> inCatalog(ingest, id));
      String what = String.format(Locale.ROOT, "%d %s/%s images", c.images().size(), c.dataset(), c.split());
      if (found == catalog.sample().size() && !restream) {
        out.printf(Locale.ROOT, "hdc demo: the catalog is already there: all %d sampled ids of these %s are in the "
            + "catalog store, from an earlier run. Not streaming them again (--restream does, idempotently).%n%n",
            found, what);
      } else {
        if (found > 0) {
          out.printf(Locale.ROOT, "hdc demo: %d of %d sampled ids of these images are already in the catalog: "
              + "streaming all of them (an item sent again is replaced by the same image).%n", found,
              catalog.sample().size());
        }
        out.printf(Locale.ROOT, "hdc demo: streaming %s into catalog.images at %s/s%n%n", what,
            c.rate() > 0 ? String.format(Locale.ROOT, "%.0f", c.rate()) : "max");
        ProgressBar bar = new ProgressBar(System.err, "producing", c.images().size());
        try (CatalogPublisher publisher = new CatalogPublisher(kafka.clients())) {
          long acked = publisher.publish(c.images(), c.rate(), n -> bar.update(n, ""));
          out.printf("hdc demo: %d images in Kafka; waiting until they are searchable%n", acked);
        }
      }
      int missing = awaitSearchable(serving, c.images());
      double seconds = (System.nanoTime() - start) / 1e9;
      if (missing == 0) {
        out.printf(Locale.ROOT, "hdc demo: done: all %s searchable after %.1f s (the index holds %d items); the "
            + "service keeps serving and learning (Ctrl-C to stop)%n", what, seconds, indexSize(serving));
      } else {
        out.printf(Locale.ROOT, "hdc demo: %d of %s are still not searchable after %.0f s; see the log and %s/q/metrics "
            + "(dead letters in catalog.images.dlq); the service keeps serving (Ctrl-C to stop)%n", missing, what,
            seconds, base);
      }
      Quarkus.waitForExit();
      return 0;
    }

    private static boolean awaitPipeline(IngestService ingest) throws InterruptedException {
      long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
      while (!ingest.isRunning()) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(POLL_MILLIS);
      }
      return true;
    }

    /** In the catalog store (the latest accepted image per item); false while the store is not queryable. */
    private static boolean inCatalog(IngestService ingest, String id) {
      try {
        return ingest.catalogImage(id).isPresent();
      } catch (IllegalStateException rebalancing) {
        return false;
      }
    }

    /** Waits until every image is in the index; returns how many are not (0 when all are). */
    private static int awaitSearchable(ServingIndex serving, List<LabelledImage> images) throws InterruptedException {
      long deadline = System.nanoTime() + SEARCHABLE_TIMEOUT.toNanos();
      int missing = images.size();
      int checked = 0; // the index only grows here: ids found once need no second look
      while (System.nanoTime() < deadline) {
        try (ServingIndex.Lease lease = serving.acquire()) {
          while (checked < images.size() && lease.index().get(images.get(checked).id()).isPresent()) {
            checked++;
          }
        }
        missing = images.size() - checked;
        if (missing == 0) {
          return 0;
        }
        Thread.sleep(POLL_MILLIS);
      }
      return missing;
    }

    private static int indexSize(ServingIndex serving) {
      try (ServingIndex.Lease lease = serving.acquire()) {
        return lease.index().size();
      }
    }
  }
}
