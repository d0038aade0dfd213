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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StanfordOnlineProductsReaderTest {
  @TempDir Path dir;
  private final ImageDecoder decoder = new ImageDecoder();
  private final DataRoots roots = new DataRoots(Path.of("unused"));

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
  void missingSaysHowToGetIt() {
    Path empty = dir.resolve("empty");
    MissingDatasetException e = assertThrows(MissingDatasetException.class,
        () -> new StanfordOnlineProductsReader(roots, decoder).read(DatasetOptions.defaults().withRoot(empty)));
    assertTrue(e.getMessage().contains("Stanford_Online_Products.zip"), e.getMessage());
    assertTrue(e.getMessage().contains(empty.toAbsolutePath().toString()), e.getMessage());
  }

  private static Set<Integer> labels(DatasetSplit split) {
    return split.images().stream().map(LabelledImage::label).collect(Collectors.toSet());
  }
}
