package com.hdcsearch.cli;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.stream.produce.CatalogPublisher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hdc produce}: streams a data set split into {@code catalog.images} of any broker; item ids are stable. */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = "Stream a data set's images into catalog.images (ids <dataset>-<split>-<index>).")
public final class ProduceCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, description = "Data set name, e.g. fashion-mnist, emoji.")
  String dataset;

  @Option(names = "--root", description = "Data set folder (default: the data set's default location).")
  Path root;

  @Option(names = "--split", defaultValue = "train", description = "Split (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--rate", defaultValue = "0", description = "Images per second, 0 = as fast as possible.")
  double rate;

  @Option(names = "--limit", defaultValue = "0", description = "At most this many images, 0 = all.")
  int limit;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    KafkaClients clients = kafka.clients(); // before the data set: a wrong setting is a usage error, said at once
    List<LabelledImage> images;
    try {
      images = DatasetRegistry.standard().read(dataset, DatasetOptions.defaults().withRoot(root)).split(split).images();
    } catch (MissingDatasetException | IllegalArgumentException e) {
      System.err.println("hdc produce: " + e.getMessage());
      return 2;
    }
    if (limit > 0 && limit < images.size()) {
      images = images.subList(0, limit);
    }
    ProgressBar bar = new ProgressBar(System.err, "producing", images.size());
    try (CatalogPublisher publisher = new CatalogPublisher(clients)) {
      long acked = publisher.publish(images, rate, n -> bar.update(n, ""));
      System.out.printf("produced %d %s/%s images to %s%n", acked, dataset, split, clients.bootstrapServers());
    }
    return 0;
  }
}
