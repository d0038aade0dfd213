package com.hdcsearch.stream;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/** Test images: the first Fashion-MNIST test images as PNG bytes with their class names, and catalog records. */
public final class TestImages {
  static final Path ROOT = Path.of("/usr/share/datasets/fashion-mnist");
  private static final String[] CLASSES = {"t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
      "sneaker", "bag", "ankle-boot"};

  /** One labelled image. */
  public record Item(String label, byte[] png) {}

  private TestImages() {}

  /** The first {@code count} test images. */
  public static List<Item> fashionMnist(int count) {
    try (DataInputStream images = open("t10k-images-idx3-ubyte.gz");
        DataInputStream labels = open("t10k-labels-idx1-ubyte.gz")) {
      images.readInt();
      int n = images.readInt();
      int rows = images.readInt();
      int cols = images.readInt();
      labels.readInt();
      labels.readInt();
      List<Item> out = new ArrayList<>();
      for (int i = 0; i < Math.min(count, n); i++) {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = new byte[rows * cols];
        images.readFully(px);
        // Fashion-MNIST is white on black; invert so that the background is white like a catalog photo.
        for (int p = 0; p < px.length; p++) {
          img.getRaster().setSample(p % cols, p / cols, 0, 255 - (px[p] & 0xff));
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        out.add(new Item(CLASSES[labels.readUnsignedByte()], png.toByteArray()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Fashion-MNIST not readable under " + ROOT, e);
    }
  }

  /** An encoded CatalogImage record value. */
  public static byte[] catalogImage(String itemId, String label, byte[] image) {
    return com.hdcsearch.stream.serde.AvroSerdes.catalogImage().encode(com.hdcsearch.avro.CatalogImage.newBuilder()
        .setItemId(itemId)
        .setLabel(label)
        .setImage(java.nio.ByteBuffer.wrap(image))
        .setContentType("image/png")
        .setEventTime(java.time.Instant.now())
        .build());
  }

  private static DataInputStream open(String file) throws IOException {
    return new DataInputStream(new GZIPInputStream(Files.newInputStream(ROOT.resolve(file))));
  }
}
