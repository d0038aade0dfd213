package com.hdcsearch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.MissingDatasetException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hdc datasets inspect NAME}: reads a data set and prints, per split, its number of classes and images. Exit 0;
 * 2 with the how-to on stderr when the data set is missing; 1 when its files cannot be read; usage errors as picocli
 * reports them.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Print the classes and images per split of a data set.")
public final class DatasetsInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "fashion-mnist, emoji, cub200, cars196, sop or inshop.")
  String name;

  @Option(names = "--root", paramLabel = "DIR",
      description = "Folder of the data set (default: $HDC_DATA_ROOT/NAME or ./data/NAME).")
  Path root;

  @Option(names = "--vendors", split = ",", paramLabel = "VENDOR",
      description = "Emoji: vendors to include, comma-separated (default: all of apple,google,twitter,facebook).")
  List<String> vendors = new ArrayList<>();

  @Option(names = "--split-seed", paramLabel = "N", description = "Emoji: seed of the class shuffle (default: ${DEFAULT-VALUE}).")
  long splitSeed = DatasetOptions.DEFAULT_SPLIT_SEED;

  @Option(names = "--skin-variants", description = "Emoji: add skin-tone variants as further views of their class.")
  boolean skinVariants;

  @Option(names = "--image-size", paramLabel = "N", description = "Emoji: image side in pixels (default: ${DEFAULT-VALUE}).")
  int imageSize = DatasetOptions.DEFAULT_IMAGE_SIZE;

  @Option(names = "--json", description = "Print JSON: {\"dataset\":..,\"splits\":{NAME:{\"classes\":..,\"images\":..}}}.")
  boolean json;

  private final DatasetRegistry registry;

  public DatasetsInspectCommand() {
    this(DatasetRegistry.standard());
  }

  DatasetsInspectCommand(DatasetRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!registry.names().contains(name)) {
      throw new ParameterException(spec.commandLine(),
          "unknown data set '" + name + "'; known: " + String.join(", ", registry.names()));
    }
    Dataset dataset;
    try {
      dataset = registry.read(name, options());
    } catch (MissingDatasetException e) {
      err.println(e.getMessage());
      return DatasetsCommand.EXIT_MISSING_DATA;
    } catch (UncheckedIOException e) {
      err.println("cannot read data set " + name + ": " + e.getMessage());
      return DatasetsCommand.EXIT_FAILED;
    } catch (IllegalArgumentException e) {
      // Options a reader refuses (an unknown vendor) are usage errors.
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    out.print(json ? toJson(dataset) + System.lineSeparator() : toText(dataset));
    out.flush();
    return 0;
  }

  private DatasetOptions options() {
    if (imageSize < 1) {
      throw new ParameterException(spec.commandLine(), "--image-size must be at least 1, got: " + imageSize);
    }
    return new DatasetOptions(root, vendors, splitSeed, skinVariants, imageSize);
  }

  static String toJson(Dataset dataset) throws JsonProcessingException {
    Map<String, Object> splits = new LinkedHashMap<>();
    for (DatasetSplit split : dataset.splits().values()) {
      // Linked maps, not Map.of: the key order is part of the output that scripts and tests read.
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("classes", split.classCount());
      counts.put("images", split.size());
      splits.put(split.name(), counts);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dataset", dataset.name());
    root.put("splits", splits);
    return new ObjectMapper().writeValueAsString(root);
  }

  static String toText(Dataset dataset) {
    StringBuilder text = new StringBuilder(dataset.name()).append(System.lineSeparator());
    for (DatasetSplit split : dataset.splits().values()) {
      text.append(String.format("  %-8s %7d classes %9d images%n", split.name(), split.classCount(), split.size()));
    }
    return text.toString();
  }
}
