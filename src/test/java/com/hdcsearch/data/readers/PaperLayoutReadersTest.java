package com.hdcsearch.data.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.image.ImageDecoder;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CUB-200, CARS196, SOP and In-shop on small fixtures written in their official layouts. */
class PaperLayoutReadersTest {
  @TempDir Path dir;
  private final ImageDecoder decoder = new ImageDecoder();
  private final DataRoots roots = new DataRoots(Path.of("unused"));

  @Test
  void cub200SplitsAtClass100AndFindsTheArchiveFolder() throws Exception {
    Path root = dir.resolve("cub");
    Path layout = root.resolve("CUB_200_2011");
    StringBuilder images = new StringBuilder();
    StringBuilder labels = new StringBuilder();
    int id = 1;
    for (int classId : new int[] {1, 99, 100, 101, 200}) {
      for (int k = 0; k < 2; k++, id++) {
        String path = String.format("%03d.Bird_%d/Bird_%d_%d.jpg", classId, classId, classId, k);
        Fixtures.image(layout.resolve("images").resolve(path), 8, id);
        images.append(id).append(' ').append(path).append('\n');
        labels.append(id).append(' ').append(classId).append('\n');
      }
    }
    Fixtures.text(layout.resolve("images.txt"), images.toString());
    Fixtures.text(layout.resolve("image_class_labels.txt"), labels.toString());

    Dataset d = new Cub200Reader(roots, decoder).read(DatasetOptions.defaults().withRoot(root));
    assertEquals(6, d.split("train").size());
    assertEquals(3, d.split("train").classCount());
    assertEquals(4, d.split("test").size());
    assertEquals(Set.of(0, 98, 99), labels(d.split("train")));
    assertEquals(Set.of(100, 199), labels(d.split("test")));
    LabelledImage first = d.split("train").images().get(0);
    assertEquals("cub200-1", first.id());
    assertEquals("Bird_1", first.className());
    assertEquals(8, first.source().decode().getWidth());
    assertEquals("image/jpeg", first.source().contentType());

    Fixtures.text(layout.resolve("image_class_labels.txt"), labels.toString().replace("\n7 101\n", "\n7 x\n"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> new Cub200Reader(roots, decoder).read(DatasetOptions.defaults().withRoot(root)));
    assertTrue(e.getMessage().contains("image_class_labels.txt line 7") && e.getMessage().contains("'x'"), e.getMessage());
  }

  @Test
  void cars196ReadsTheCsvExportByColumnName() throws Exception {
    Path root = dir.resolve("cars");
    StringBuilder csv = new StringBuilder("bbox_x1,class,relative_im_path,test\n");
    int n = 1;
    for (int classId : new int[] {1, 98, 99, 196}) {
      for (int k = 0; k < 3; k++, n++) {
        String path = String.format("car_ims/%06d.jpg", n);
        Fixtures.image(root.resolve(path), 6, n);
        csv.append("10,").append(classId).append(',').append(path).append(",0\n");
      }
    }
    Fixtures.text(root.resolve("cars_annos.csv"), csv.toString());
    Dataset d = new Cars196Reader(roots, decoder).read(DatasetOptions.defaults().withRoot(root));
    assertEquals(6, d.split("train").size());
    assertEquals(Set.of(0, 97), labels(d.split("train")));
    assertEquals(Set.of(98, 195), labels(d.split("test")));
    assertEquals("cars196-000007", d.split("test").images().get(0).id());
    assertEquals(6, d.split("test").images().get(0).source().decode().getHeight());

    Path matOnly = dir.resolve("cars-mat");
    Fixtures.text(matOnly.resolve("cars_annos.mat"), "MATLAB 5.0 MAT-file");
    MissingDatasetException e = assertThrows(MissingDatasetException.class,
        () -> new Cars196Reader(roots, decoder).read(DatasetOptions.defaults().withRoot(matOnly)));
    assertTrue(e.getMessage().contains("Found cars_annos.mat") && e.getMessage().contains("scipy.io.loadmat"), e.getMessage());
  }

  @Test
  void sopReadsBothOfficialFiles() {
    Path root = dir.resolve("sop").resolve("Stanford_Online_Products");
    String header = "image_id class_id super_class_id path\n";
    Fixtures.text(root.resolve("Ebay_train.txt"), header
        + "1 1 1 bicycle_final/111_0.JPG\n2 1 1 bicycle_final/111_1.JPG\n3 2 2 chair_final/222_0.JPG\n");
    Fixtures.text(root.resolve("Ebay_test.txt"), header
        + "4 11319 1 bicycle_final/333_0.JPG\n5 11319 1 bicycle_final/333_1.JPG\n");
    Dataset d = new StanfordOnlineProductsReader(roots, decoder).read(DatasetOptions.defaults().withRoot(dir.resolve("sop")));
    assertEquals(3, d.split("train").size());
    assertEquals(2, d.split("train").classCount());
    assertEquals(2, d.split("test").size());
    assertEquals(Set.of(11318), labels(d.split("test")));
    assertEquals("sop-test-4", d.split("test").images().get(0).id());
    assertEquals("chair_final/2", d.split("train").images().get(2).className());

    Fixtures.text(root.resolve("Ebay_test.txt"), "id class super path\n4 11319 1 x.JPG\n");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> new StanfordOnlineProductsReader(roots, decoder).read(DatasetOptions.defaults().withRoot(root)));
    assertTrue(e.getMessage().contains("Ebay_test.txt line 1"), e.getMessage());
  }

  @Test
  void inShopHasTrainQueryGalleryWithSharedItemLabels() throws Exception {
    Path root = dir.resolve("inshop");
    List<String> lines = List.of(
        "img/WOMEN/Dresses/id_00000002/02_1_front.jpg id_00000002 train",
        "img/WOMEN/Dresses/id_00000002/02_2_side.jpg id_00000002 train",
        "img/MEN/Tees/id_00000007/01_1_front.jpg id_00000007 query",
        "img/MEN/Tees/id_00000007/01_2_side.jpg id_00000007 gallery",
        "img/MEN/Tees/id_00000009/01_1_front.jpg id_00000009 gallery");
    Fixtures.text(root.resolve("list_eval_partition.txt"),
        lines.size() + "\nimage_name item_id evaluation_status\n" + String.join("\n", lines) + "\n");
    Fixtures.image(root.resolve("img/MEN/Tees/id_00000007/01_1_front.jpg"), 5, 1);
    Dataset d = new InShopReader(roots, decoder).read(DatasetOptions.defaults().withRoot(root));
    assertEquals(List.of("train", "query", "gallery"), List.copyOf(d.splits().keySet()));
    assertEquals(2, d.split("train").size());
    assertEquals(1, d.split("query").size());
    assertEquals(2, d.split("gallery").size());
    LabelledImage query = d.split("query").images().get(0);
    assertEquals(1, query.label()); // items sorted: 00000002, 00000007, 00000009
    assertEquals(query.label(), d.split("gallery").images().get(0).label());
    assertEquals("id_00000007", query.className());
    assertEquals("inshop-gallery-1", d.split("gallery").images().get(1).id());
    assertEquals(5, query.source().decode().getWidth());

    Fixtures.text(root.resolve("list_eval_partition.txt"),
        "6\nimage_name item_id evaluation_status\n" + String.join("\n", lines) + "\n");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> new InShopReader(roots, decoder).read(DatasetOptions.defaults().withRoot(root)));
    assertTrue(e.getMessage().contains("declares 6 images, the file lists 5"), e.getMessage());
  }

  @Test
  void eachMissingPaperSetSaysHowToGetIt() {
    Path empty = dir.resolve("empty");
    DatasetOptions options = DatasetOptions.defaults().withRoot(empty);
    assertMissing(new Cub200Reader(roots, decoder), options, "CUB_200_2011.tgz");
    assertMissing(new Cars196Reader(roots, decoder), options, "car_ims.tgz");
    assertMissing(new StanfordOnlineProductsReader(roots, decoder), options, "Stanford_Online_Products.zip");
    assertMissing(new InShopReader(roots, decoder), options, "list_eval_partition.txt");
  }

  private static void assertMissing(OfficialLayoutReader reader, DatasetOptions options, String hint) {
    MissingDatasetException e = assertThrows(MissingDatasetException.class, () -> reader.read(options));
    assertTrue(e.getMessage().contains(hint), e.getMessage());
    assertTrue(e.getMessage().contains(options.root().toAbsolutePath().toString()), e.getMessage());
  }

  private static Set<Integer> labels(DatasetSplit split) {
    return split.images().stream().map(LabelledImage::label).collect(Collectors.toSet());
  }
}
