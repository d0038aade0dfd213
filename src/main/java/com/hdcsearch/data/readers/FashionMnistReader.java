package com.hdcsearch.data.readers;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.LabelledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST from its four IDX files (gzip or plain): splits "train" (60,000) and "test" (10,000), 10 classes,
 * ids {@code fashion-mnist-<split>-<index>}. Each split's pixels are one byte array; images are views into it. Default
 * roots: {@code <data root>/fashion-mnist}, then {@value #SYSTEM_DIR} (the Debian package's folder).
 */
public final class FashionMnistReader extends OfficialLayoutReader {
  public static final String NAME = "fashion-mnist";
  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
  /** The official class names, by label. */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** Split name to the file-name prefix of its IDX files. */
  private static final Map<String, String> SPLIT_PREFIX = Map.of("train", "train", "test", "t10k");
  private static final List<String> SPLITS = List.of("train", "test");

  private final Path systemDir;

  public FashionMnistReader(DataRoots roots) {
    this(roots, Path.of(SYSTEM_DIR));
  }

  /** With another system folder, for tests. */
  public FashionMnistReader(DataRoots roots, Path systemDir) {
    super(roots);
    this.systemDir = systemDir;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected List<Path> defaultRoots(DataRoots roots) {
    return List.of(roots.root(NAME), systemDir);
  }

  @Override
  protected List<String> requiredFiles() {
    return SPLITS.stream()
        .flatMap(s -> List.of(images(s), labels(s)).stream())
        .map(f -> f + "[.gz]")
        .toList();
  }

  @Override
  protected boolean hasLayout(Path dir) {
    return SPLITS.stream().allMatch(s -> find(dir, images(s)) != null && find(dir, labels(s)) != null);
  }

  @Override
  protected String howToGet(Path dir) {
    return "Get it with: ./hdc datasets fetch fashion-mnist (runs apt-get install -y dataset-fashion-mnist, which puts"
        + " the files in " + SYSTEM_DIR + "), or copy the four .gz files of github.com/zalandoresearch/fashion-mnist"
        + " (data/fashion) into " + dir + ".";
  }

  @Override
  protected Dataset readLayout(Path dir, DatasetOptions options) throws IOException {
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    for (String split : SPLITS) {
      splits.put(split, readSplit(split, find(dir, images(split)), find(dir, labels(split))));
    }
    return new Dataset(NAME, splits);
  }

  private static DatasetSplit readSplit(String split, Path imageFile, Path labelFile) throws IOException {
    IdxFile images = IdxFile.read(imageFile);
    IdxFile labels = IdxFile.read(labelFile);
    if (images.dims().length != 3 || labels.dims().length != 1) {
      throw new IOException(imageFile + " and " + labelFile + ": expected 3 and 1 dimensions, got "
          + images.dims().length + " and " + labels.dims().length);
    }
    int count = images.dims()[0];
    int rows = images.dims()[1];
    int cols = images.dims()[2];
    if (labels.dims()[0] != count) {
      throw new IOException(labelFile + " has " + labels.dims()[0] + " labels for " + count + " images in " + imageFile);
    }
    byte[] pixels = images.data();
    List<LabelledImage> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int label = labels.data()[i] & 0xff;
      if (label >= CLASS_NAMES.size()) {
        throw new IOException(labelFile + ": label " + label + " at index " + i + " is not in 0.." + (CLASS_NAMES.size() - 1));
      }
      list.add(new LabelledImage(NAME + "-" + split + "-" + i, label, CLASS_NAMES.get(label),
          new GreyPixelsSource(pixels, i * rows * cols, cols, rows)));
    }
    return new DatasetSplit(split, list);
  }

  /** The gzip file if present, else the plain one, else null. */
  private static Path find(Path dir, String baseName) {
    for (String name : List.of(baseName + ".gz", baseName)) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  private static String images(String split) {
    return SPLIT_PREFIX.get(split) + "-images-idx3-ubyte";
  }

  private static String labels(String split) {
    return SPLIT_PREFIX.get(split) + "-labels-idx1-ubyte";
  }
}
