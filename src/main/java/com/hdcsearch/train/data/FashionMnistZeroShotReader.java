package com.hdcsearch.train.data;

import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetReader;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.ImageSource;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Minimal Fashion-MNIST reader for training experiments (the data team's reader replaces it): zero-shot split
 * "train" = classes 0-4 of the 60k training file, "test" = classes 5-9 of the 10k test file.
 */
public final class FashionMnistZeroShotReader implements DatasetReader {
  /** Where Debian's dataset-fashion-mnist package puts the files. */
  public static final Path DEFAULT_ROOT = Path.of("/usr/share/datasets/fashion-mnist");
  static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
      "Sneaker", "Bag", "Ankle boot"};
  private static final int SEEN_CLASSES = 5;
  private static final int IMAGE_MAGIC = 2051;
  private static final int LABEL_MAGIC = 2049;

  @Override
  public String name() {
    return "fashion-mnist";
  }

  @Override
  public Dataset read(DatasetOptions options) {
    Path root = options.root() == null ? DEFAULT_ROOT : options.root();
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    splits.put("train", split(root, "train", "train", true));
    splits.put("test", split(root, "t10k", "test", false));
    return new Dataset(name(), splits);
  }

  private DatasetSplit split(Path root, String prefix, String splitName, boolean seen) {
    Path images = root.resolve(prefix + "-images-idx3-ubyte.gz");
    Path labels = root.resolve(prefix + "-labels-idx1-ubyte.gz");
    if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
      throw new MissingDatasetException("Fashion-MNIST not found at " + root
          + "; install it with: apt-get install -y dataset-fashion-mnist");
    }
    try (var im = new DataInputStream(new GZIPInputStream(Files.newInputStream(images)));
        var lb = new DataInputStream(new GZIPInputStream(Files.newInputStream(labels)))) {
      if (im.readInt() != IMAGE_MAGIC || lb.readInt() != LABEL_MAGIC) {
        throw new UncheckedIOException(new IOException("bad IDX magic in " + images + " or " + labels));
      }
      int count = im.readInt();
      int rows = im.readInt();
      int cols = im.readInt();
      lb.readInt();
      List<LabelledImage> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] pixels = im.readNBytes(rows * cols);
        int label = lb.readUnsignedByte();
        if ((label < SEEN_CLASSES) == seen) {
          out.add(new LabelledImage("fashion-mnist-" + splitName + "-" + i, label, CLASS_NAMES[label],
              new GreySource(pixels, cols, rows)));
        }
      }
      return new DatasetSplit(splitName, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + images, e);
    }
  }

  /** Raw grey pixels; decoding needs no codec. */
  private record GreySource(byte[] pixels, int width, int height) implements ImageSource {
    @Override
    public BufferedImage decode() {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setDataElements(0, 0, width, height, pixels);
      return image;
    }

    @Override
    public byte[] encoded() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(decode(), "png", out);
      return out.toByteArray();
    }

    @Override
    public String contentType() {
      return "image/png";
    }
  }
}
