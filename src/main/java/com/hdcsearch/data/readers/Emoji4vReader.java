package com.hdcsearch.data.readers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Emoji-4V: the same emoji drawn by several vendors are views of one class. Classes are the entries of
 * {@code emoji.json} sorted by {@code unified}; an entry's views are the chosen vendors that have its image
 * ({@code has_img_<vendor>} and the file {@code img/<vendor>/64/<image>} exists), plus, with skin variants on, the
 * same for each skin-tone variant. Classes with fewer than {@value #MIN_VIEWS} views are dropped: they can be neither
 * a query with an answer nor a positive pair. Labels index the kept classes in {@code unified} order, so they do not
 * depend on the seed. The class list is shuffled with {@code new Random(splitSeed)}; the first half (rounded down) is
 * "train", the rest "test". Ids: {@code emoji-<unified>-<vendor>}, the variant's own {@code unified} for variants.
 * Images are resized to the option's image size, alpha kept.
 */
public final class Emoji4vReader extends OfficialLayoutReader {
  public static final String NAME = "emoji";
  /** Vendors in their fixed order; the option may choose a subset. */
  public static final List<String> VENDORS = List.of("apple", "google", "twitter", "facebook");
  /** Fewest views a class needs to be kept. */
  public static final int MIN_VIEWS = 2;
  /** The size folder that holds the images; the packages also ship sprite sheets, which are not used. */
  static final String SIZE_FOLDER = "64";
  static final String METADATA = "emoji.json";

  private final ImageDecoder decoder;

  public Emoji4vReader(DataRoots roots, ImageDecoder decoder) {
    super(roots);
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected List<String> requiredFiles() {
    return List.of(METADATA, "img/");
  }

  @Override
  protected String howToGet(Path dir) {
    return "Get it with: ./hdc datasets fetch emoji --root " + dir.getParent() + " (npm pack of emoji-datasource"
        + " and emoji-datasource-{apple,google,twitter,facebook} 16.0.0, unpacked so that " + dir + "/" + METADATA
        + " and " + dir + "/img/<vendor>/64/ exist).";
  }

  @Override
  protected Dataset readLayout(Path dir, DatasetOptions options) throws IOException {
    List<String> vendors = chosenVendors(options.vendors());
    JsonNode root = new ObjectMapper().readTree(dir.resolve(METADATA).toFile());
    if (!root.isArray()) {
      throw new IOException(dir.resolve(METADATA) + ": expected a JSON array of emoji entries");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      entries.add(Entry.of(root.get(i), dir.resolve(METADATA) + " entry " + i));
    }
    entries.sort(Comparator.comparing(Entry::unified));

    List<List<LabelledImage>> classes = new ArrayList<>();
    for (Entry entry : entries) {
      int label = classes.size();
      String className = entry.node().path("short_name").asText(entry.unified());
      List<LabelledImage> views = new ArrayList<>(views(dir, entry, vendors, label, className, options.imageSize()));
      if (options.skinVariants()) {
        // Sorted by key (the skin-tone code points) so that the order of views does not depend on the JSON's order.
        Map<String, JsonNode> variants = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.node().path("skin_variations").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> variant = it.next();
          variants.put(variant.getKey(), variant.getValue());
        }
        for (Map.Entry<String, JsonNode> variant : variants.entrySet()) {
          Entry parsed = Entry.of(variant.getValue(), entry.unified() + " skin variation " + variant.getKey());
          views.addAll(views(dir, parsed, vendors, label, className, options.imageSize()));
        }
      }
      if (views.size() >= MIN_VIEWS) {
        classes.add(views);
      }
    }

    List<Integer> order = new ArrayList<>(classes.size());
    for (int i = 0; i < classes.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(options.splitSeed()));
    int trainClasses = classes.size() / 2;
    List<Integer> train = new ArrayList<>(order.subList(0, trainClasses));
    List<Integer> test = new ArrayList<>(order.subList(trainClasses, order.size()));
    // Within a split, images stay in label order: the split is a set of classes, its listing need not be shuffled.
    Collections.sort(train);
    Collections.sort(test);
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    splits.put("train", split("train", train, classes));
    splits.put("test", split("test", test, classes));
    return new Dataset(NAME, splits);
  }

  private List<LabelledImage> views(Path dir, Entry entry, List<String> vendors, int label, String className,
      int imageSize) {
    List<LabelledImage> views = new ArrayList<>();
    for (String vendor : vendors) {
      Path file = dir.resolve("img").resolve(vendor).resolve(SIZE_FOLDER).resolve(entry.image());
      if (entry.node().path("has_img_" + vendor).asBoolean(false) && Files.isRegularFile(file)) {
        views.add(new LabelledImage(NAME + "-" + entry.unified() + "-" + vendor, label, className,
            new ResizedImageSource(new FileImageSource(file, decoder), imageSize, decoder)));
      }
    }
    return views;
  }

  private static DatasetSplit split(String name, List<Integer> classIndices, List<List<LabelledImage>> classes) {
    List<LabelledImage> images = new ArrayList<>();
    for (int index : classIndices) {
      images.addAll(classes.get(index));
    }
    return new DatasetSplit(name, images);
  }

  /** The chosen vendors in the fixed order; empty means all. */
  static List<String> chosenVendors(List<String> requested) {
    for (String vendor : requested) {
      if (!VENDORS.contains(vendor)) {
        throw new IllegalArgumentException("unknown emoji vendor '" + vendor + "'; known: " + String.join(", ", VENDORS));
      }
    }
    return requested.isEmpty() ? VENDORS : VENDORS.stream().filter(requested::contains).toList();
  }

  /** An emoji.json entry or skin variation with the two fields every one must have. */
  private record Entry(String unified, String image, JsonNode node) {
    static Entry of(JsonNode node, String where) throws IOException {
      JsonNode unified = node.get("unified");
      JsonNode image = node.get("image");
      if (unified == null || !unified.isTextual() || image == null || !image.isTextual()) {
        throw new IOException(where + ": needs text fields 'unified' and 'image', got " + node);
      }
      // The image name becomes a path: refuse anything that could leave the vendor's folder.
      if (image.asText().contains("/") || image.asText().contains("\\") || image.asText().startsWith(".")) {
        throw new IOException(where + ": image must be a plain file name, got '" + image.asText() + "'");
      }
      return new Entry(unified.asText(), image.asText(), node);
    }
  }
}
