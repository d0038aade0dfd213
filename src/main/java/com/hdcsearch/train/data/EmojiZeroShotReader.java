package com.hdcsearch.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetReader;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.ImageSource;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Minimal Emoji-4V reader for training experiments (the data team's reader replaces it): classes = emoji.json
 * entries sorted by {@code unified} (no skin variants), shuffled with the split seed ({@code java.util.Random}),
 * first half "train", second half "test"; an image per vendor that has one.
 */
public final class EmojiZeroShotReader implements DatasetReader {
  public static final Path DEFAULT_ROOT = Path.of("/work/hdc-data/emoji");
  public static final List<String> VENDORS = List.of("apple", "google", "twitter", "facebook");
  private static final String PX = "64";

  @Override
  public String name() {
    return "emoji";
  }

  @Override
  public Dataset read(DatasetOptions options) {
    Path root = options.root() == null ? DEFAULT_ROOT : options.root();
    Path json = root.resolve("emoji.json");
    if (!Files.isRegularFile(json)) {
      throw new MissingDatasetException("Emoji-4V not found at " + root
          + " (need emoji.json and img/<vendor>/64/ from the emoji-datasource npm packages, version 16.0.0)");
    }
    List<String> vendors = options.vendors().isEmpty() ? VENDORS : options.vendors();
    try {
      List<JsonNode> entries = new ArrayList<>();
      new ObjectMapper().readTree(json.toFile()).forEach(entries::add);
      entries.sort(Comparator.comparing(e -> e.get("unified").asText()));
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(options.splitSeed()));
      int half = entries.size() / 2;
      Map<String, DatasetSplit> splits = new LinkedHashMap<>();
      splits.put("train", split(root, "train", entries, order.subList(0, half), vendors));
      splits.put("test", split(root, "test", entries, order.subList(half, order.size()), vendors));
      return new Dataset(name(), splits);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + json, e);
    }
  }

  private static DatasetSplit split(Path root, String name, List<JsonNode> entries, List<Integer> classes,
      List<String> vendors) {
    List<Integer> sorted = new ArrayList<>(classes);
    Collections.sort(sorted);
    List<LabelledImage> images = new ArrayList<>();
    for (int label : sorted) {
      JsonNode e = entries.get(label);
      for (String vendor : vendors) {
        Path file = root.resolve("img").resolve(vendor).resolve(PX).resolve(e.get("image").asText());
        if (e.path("has_img_" + vendor).asBoolean(false) && Files.isRegularFile(file)) {
          images.add(new LabelledImage("emoji-" + vendor + "-" + e.get("unified").asText(), label,
              e.path("short_name").asText(e.get("unified").asText()), new PngFile(file)));
        }
      }
    }
    return new DatasetSplit(name, images);
  }

  private record PngFile(Path file) implements ImageSource {
    @Override
    public byte[] encoded() throws IOException {
      return Files.readAllBytes(file);
    }

    @Override
    public String contentType() {
      return "image/png";
    }

    @Override
    public BufferedImage decode() throws IOException {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded()));
      if (image == null) {
        throw new IOException("not a readable image: " + file);
      }
      return image;
    }
  }
}
