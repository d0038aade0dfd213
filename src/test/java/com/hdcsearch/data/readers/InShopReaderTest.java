package com.hdcsearch.data.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.image.ImageDecoder;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InShopReaderTest {
  @TempDir Path dir;
  private final ImageDecoder decoder = new ImageDecoder();
  private final DataRoots roots = new DataRoots(Path.of("unused"));

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
  void missingSaysHowToGetIt() {
    Path empty = dir.resolve("empty");
    MissingDatasetException e = assertThrows(MissingDatasetException.class,
        () -> new InShopReader(roots, decoder).read(DatasetOptions.defaults().withRoot(empty)));
    assertTrue(e.getMessage().contains("list_eval_partition.txt"), e.getMessage());
    assertTrue(e.getMessage().contains(empty.toAbsolutePath().toString()), e.getMessage());
  }
}
