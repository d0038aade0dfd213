package com.hdcsearch.cli;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.stream.produce.CatalogPublisher;
import com.hdcsearch.versions.ModelLifecycle;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hdc demo}: the service on embedded defaults, fed with a data set's catalog (Fashion-MNIST's 60,000 training
 * images by default) at a steady rate, with a progress bar and the URLs to try. Runs until stopped.
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

  @picocli.CommandLine.Mixin ServingModelOption model;

  @Override
  public Integer call() {
    model.applyBeforeBoot();
    if (rate < 0) {
      System.err.println("hdc demo: --rate must be >= 0, got: " + rate);
      return 2;
    }
    // Quarkus creates the application object itself; the options travel as its arguments.
    Quarkus.run(DemoApplication.class, dataset, split, Double.toString(rate), Integer.toString(limit));
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

  /** Boots the service, prints where to look, streams the catalog, then keeps serving until stopped. */
  public static final class DemoApplication implements QuarkusApplication {
    @Override
    public int run(String... args) {
      Catalog c;
      try {
        c = Catalog.load(args[0], args[1], Double.parseDouble(args[2]), Integer.parseInt(args[3]));
      } catch (MissingDatasetException | IllegalArgumentException e) {
        System.err.println("hdc demo: " + e.getMessage());
        return 2;
      }
      String bootstrap = Arc.container().instance(KafkaCluster.class).get().bootstrapServers();
      int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
      PrintStream out = System.out;
      String base = "http://localhost:" + port;
      out.printf(Locale.ROOT, "%nhdc demo: service up at %s, Kafka at %s%n", base, bootstrap);
      out.printf("  health       curl %s/q/health%n", base);
      out.printf("  model        curl %s/api/model%n", base);
      out.printf("  similar      curl '%s/api/items/%s/similar?k=5'%n", base, c.images().get(0).id());
      out.printf("  by image     curl -X POST -H 'Content-Type: image/png' --data-binary @some.png '%s/api/search?k=5'%n", base);
      out.printf("  metrics      %s/q/metrics   OpenAPI %s/q/openapi   Swagger UI %s/q/swagger-ui%n", base, base, base);
      out.printf("  learning     curl %s/api/training     versions  curl %s/api/model/versions     dashboard %s/%n",
          base, base, base);
      printPromotions(out);
      out.printf(Locale.ROOT, "hdc demo: streaming %d %s/%s images into catalog.images at %s/s%n%n", c.images().size(),
          c.dataset(), c.split(), c.rate() > 0 ? String.format(Locale.ROOT, "%.0f", c.rate()) : "max");
      ProgressBar bar = new ProgressBar(System.err, "producing", c.images().size());
      try (CatalogPublisher publisher = new CatalogPublisher(bootstrap)) {
        long acked = publisher.publish(c.images(), c.rate(), n -> bar.update(n, ""));
        out.printf("hdc demo: %d images in Kafka; the service keeps serving and learning (Ctrl-C to stop)%n", acked);
      }
      Quarkus.waitForExit();
      return 0;
    }
  }
}
