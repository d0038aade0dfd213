package com.hdcsearch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeroShotSplitTest {
  /** A source with no pixels: the split only looks at labels. */
  private static final ImageSource NO_PIXELS = new ImageSource() {
    @Override
    public byte[] encoded() {
      return new byte[0];
    }

    @Override
    public String contentType() {
      return "image/png";
    }

    @Override
    public BufferedImage decode() {
      return new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    }
  };

  private static DatasetSplit split(String name, int images, int classes) {
    List<LabelledImage> list = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      list.add(new LabelledImage(name + "-" + i, i % classes, "c" + (i % classes), NO_PIXELS));
    }
    return new DatasetSplit(name, list);
  }

  @Test
  void trainClassesFromTrainTestClassesFromTest() {
    Dataset source = new Dataset("toy", Map.of("train", split("train", 100, 10), "test", split("test", 30, 10)));
    Dataset zs = ZeroShotSplit.byClass(source, label -> label % 2 == 0);
    assertEquals("toy-zero-shot", zs.name());
    assertEquals(50, zs.split("train").size());
    assertEquals(5, zs.split("train").classCount());
    assertEquals(15, zs.split("test").size());
    assertTrue(zs.split("train").images().stream().allMatch(i -> i.label() % 2 == 0 && i.id().startsWith("train-")));
    assertTrue(zs.split("test").images().stream().allMatch(i -> i.label() % 2 == 1 && i.id().startsWith("test-")));
    assertEquals(List.of("train", "test"), List.copyOf(zs.splits().keySet()));
  }

  @Test
  void anEmptySideIsRefused() {
    Dataset source = new Dataset("toy", Map.of("train", split("train", 10, 5), "test", split("test", 10, 5)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZeroShotSplit.byClass(source, l -> true));
    assertTrue(e.getMessage().contains("10 train and 0 test"), e.getMessage());
  }
}
