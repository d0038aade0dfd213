package com.hdcsearch.online.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetReader;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.ImageSource;
import com.hdcsearch.data.LabelledImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StreamedClassesTest {
  private static final ImageSource NO_PIXELS = new ImageSource() {
    @Override public byte[] encoded() { throw new UnsupportedOperationException(); }
    @Override public String contentType() { return "image/png"; }
    @Override public BufferedImage decode() { throw new UnsupportedOperationException(); }
  };

  private static DatasetSplit split(String name, int firstClass, int classes) {
    List<LabelledImage> images = new ArrayList<>();
    for (int c = firstClass; c < firstClass + classes; c++) {
      for (int i = 0; i < 3; i++) {
        images.add(new LabelledImage(name + "-" + c + "-" + i, c, "class-" + c, NO_PIXELS));
      }
    }
    return new DatasetSplit(name, images);
  }

  /** An "emoji" whose zero-shot split is 5 train classes and 4 test classes. */
  private static DatasetRegistry registry() {
    DatasetReader reader = new DatasetReader() {
      @Override public String name() { return "emoji"; }
      @Override public Dataset read(DatasetOptions options) {
        return new Dataset("emoji", Map.of("train", split("train", 0, 5), "test", split("test", 5, 4)));
      }
    };
    return new DatasetRegistry(List.of(reader));
  }

  private static Set<String> classes(List<LabelledImage> images) {
    Set<String> names = new TreeSet<>();
    images.forEach(i -> names.add(i.className()));
    return names;
  }

  @Test
  void validationAndTestStreamDisjointHalvesAndAllStreamsBoth() {
    List<LabelledImage> all = StreamedClasses.ALL.read(registry(), "emoji");
    List<LabelledImage> validation = StreamedClasses.VALIDATION.read(registry(), "emoji");
    List<LabelledImage> test = StreamedClasses.TEST.read(registry(), "emoji");

    assertEquals(27, all.size());
    assertEquals(15, validation.size());
    assertEquals(12, test.size());
    assertEquals(Set.of("class-0", "class-1", "class-2", "class-3", "class-4"), classes(validation));
    assertEquals(Set.of("class-5", "class-6", "class-7", "class-8"), classes(test));
    Set<String> shared = new TreeSet<>(classes(validation));
    shared.retainAll(classes(test));
    assertTrue(shared.isEmpty(), "validation and test share classes: " + shared);
    Set<String> union = new TreeSet<>(classes(validation));
    union.addAll(classes(test));
    assertEquals(classes(all), union);
  }

  @Test
  void parsesTheCommandLineNamesAndNamesTheBadOne() {
    assertEquals(StreamedClasses.VALIDATION, StreamedClasses.parse("Validation"));
    assertEquals("test", StreamedClasses.TEST.label());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamedClasses.parse("val"));
    assertTrue(e.getMessage().contains("got: val"), e.getMessage());
  }
}
