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

class Cub200ReaderTest {
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
  void missingSaysHowToGetIt() {
    Path empty = dir.resolve("empty");
    MissingDatasetException e = assertThrows(MissingDatasetException.class,
        () -> new Cub200Reader(roots, decoder).read(DatasetOptions.defaults().withRoot(empty)));
    assertTrue(e.getMessage().contains("CUB_200_2011.tgz"), e.getMessage());
    assertTrue(e.getMessage().contains(empty.toAbsolutePath().toString()), e.getMessage());
  }

  private static Set<Integer> labels(DatasetSplit split) {
    return split.images().stream().map(LabelledImage::label).collect(Collectors.toSet());
  }
}
