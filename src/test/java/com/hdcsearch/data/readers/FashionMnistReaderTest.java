package com.hdcsearch.data.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.data.ZeroShotSplit;
import com.hdcsearch.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FashionMnistReaderTest {
  private static final Path SYSTEM = Path.of(FashionMnistReader.SYSTEM_DIR);

  @TempDir Path dir;

  private FashionMnistReader reader(Path systemDir) {
    return new FashionMnistReader(new DataRoots(dir.resolve("base")), systemDir);
  }

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {true, false})
  void readsTinyIdxFilesGzipOrPlain(boolean gzip) throws Exception {
    Path root = Fixtures.fashionMnist(dir.resolve("fm"), 23, 12, 3, 4, gzip);
    Dataset d = reader(dir.resolve("none")).read(DatasetOptions.defaults().withRoot(root));
    assertEquals(23, d.split("train").size());
    assertEquals(12, d.split("test").size());
    assertEquals(10, d.split("train").classCount());
    LabelledImage img = d.split("test").images().get(11);
    assertEquals("fashion-mnist-test-11", img.id());
    assertEquals(1, img.label());
    assertEquals("Trouser", img.className());
    BufferedImage pixels = img.source().decode();
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, pixels.getType());
    assertEquals(4, pixels.getWidth());
    assertEquals(3, pixels.getHeight());
    // Fixture pixel (x, y) of image i is i * 7 + y * cols + x.
    assertEquals((11 * 7 + 2 * 4 + 1) & 0xff, pixels.getRaster().getSample(1, 2, 0));
    BufferedImage roundTrip = new ImageDecoder().decode(img.source().encoded());
    assertEquals(pixels.getRaster().getSample(3, 1, 0), roundTrip.getRaster().getSample(3, 1, 0));
    assertEquals("image/png", img.source().contentType());
  }

  @Test
  void defaultRootsFallBackToTheSystemFolder() {
    Path system = Fixtures.fashionMnist(dir.resolve("system"), 5, 5, 2, 2, true);
    Dataset d = reader(system).read(DatasetOptions.defaults());
    assertEquals(5, d.split("train").size());
  }

  @Test
  void missingSaysWhereItLookedAndHowToGetIt() {
    MissingDatasetException e = assertThrows(MissingDatasetException.class,
        () -> reader(dir.resolve("no-system")).read(DatasetOptions.defaults()));
    assertTrue(e.getMessage().contains(dir.resolve("base").resolve("fashion-mnist").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no-system"), e.getMessage());
    assertTrue(e.getMessage().contains("./hdc datasets fetch fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  void truncatedOrMismatchedFilesNameTheFile() throws Exception {
    Path root = Fixtures.fashionMnist(dir.resolve("bad"), 4, 4, 2, 2, false);
    Path images = root.resolve("train-images-idx3-ubyte");
    byte[] bytes = Files.readAllBytes(images);
    Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> reader(dir.resolve("none")).read(DatasetOptions.defaults().withRoot(root)));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("truncated"), e.getMessage());

    Fixtures.fashionMnist(root, 4, 4, 2, 2, false);
    Fixtures.idx(root.resolve("t10k-labels-idx1-ubyte"), new int[] {3}, new byte[3], false);
    e = assertThrows(UncheckedIOException.class,
        () -> reader(dir.resolve("none")).read(DatasetOptions.defaults().withRoot(root)));
    assertTrue(e.getMessage().contains("3 labels for 4 images"), e.getMessage());
  }

  @Test
  void zeroShotSplitKeepsTrainClassesFromTrainAndTestClassesFromTest() {
    Path root = Fixtures.fashionMnist(dir.resolve("zs"), 40, 30, 2, 2, true);
    Dataset zs = ZeroShotSplit.fashionMnist(reader(dir.resolve("none")).read(DatasetOptions.defaults().withRoot(root)));
    assertEquals(20, zs.split("train").size()); // labels i % 10 < 5
    assertEquals(15, zs.split("test").size());
    assertTrue(zs.split("train").images().stream().allMatch(i -> i.label() < 5 && i.id().contains("-train-")));
    assertTrue(zs.split("test").images().stream().allMatch(i -> i.label() >= 5 && i.id().contains("-test-")));
  }

  @Test
  void realFilesWhenInstalled() throws Exception {
    assumeTrue(Files.isRegularFile(SYSTEM.resolve("train-images-idx3-ubyte.gz")),
        "Fashion-MNIST not installed at " + SYSTEM + " (apt-get install -y dataset-fashion-mnist); skipped");
    Dataset d = reader(SYSTEM).read(DatasetOptions.defaults().withRoot(SYSTEM));
    assertEquals(60_000, d.split("train").size());
    assertEquals(10_000, d.split("test").size());
    assertEquals(10, d.split("train").classCount());
    assertEquals(10, d.split("test").classCount());
    // Both official splits are balanced: 6,000 and 1,000 per class.
    assertEquals(6_000, d.split("train").images().stream().filter(i -> i.label() == 7).count());
    assertEquals(28, d.split("test").images().get(0).source().decode().getWidth());
    Dataset zs = ZeroShotSplit.fashionMnist(d);
    assertEquals(30_000, zs.split("train").size());
    assertEquals(5_000, zs.split("test").size());
  }
}
