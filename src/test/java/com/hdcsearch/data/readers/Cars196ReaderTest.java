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
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cars196ReaderTest {
  @TempDir Path dir;
  private final ImageDecoder decoder = new ImageDecoder();
  private final DataRoots roots = new DataRoots(Path.of("unused"));

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
  void missingSaysHowToGetIt() {
    Path empty = dir.resolve("empty");
    MissingDatasetException e = assertThrows(MissingDatasetException.class,
        () -> new Cars196Reader(roots, decoder).read(DatasetOptions.defaults().withRoot(empty)));
    assertTrue(e.getMessage().contains("car_ims.tgz"), e.getMessage());
    assertTrue(e.getMessage().contains(empty.toAbsolutePath().toString()), e.getMessage());
  }

  private static Set<Integer> labels(DatasetSplit split) {
    return split.images().stream().map(LabelledImage::label).collect(Collectors.toSet());
  }
}
