package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.ImageSource;
import com.hdcsearch.data.LabelledImage;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sample by which a second demo run recognises its catalog. */
class DemoCatalogTest {
  private static List<String> ids(int n) {
    return IntStream.range(0, n).mapToObj(i -> "fashion-mnist-train-" + i).toList();
  }

  @Test
  void samplesEvenlyWithTheFirstAndTheLastId() {
    List<String> sample = DemoCatalog.sampleIds(ids(2000), 100);
    assertEquals(100, sample.size());
    assertEquals("fashion-mnist-train-0", sample.get(0));
    assertEquals("fashion-mnist-train-1999", sample.get(99));
    assertEquals("fashion-mnist-train-20", sample.get(1), "steps of 1999/99 = 20.2, rounded down");
    assertEquals(100, Set.copyOf(sample).size(), "no id twice");
    assertEquals(ids(7), DemoCatalog.sampleIds(ids(7), 100), "a small catalog is checked whole");
  }

  @Test
  void aCatalogIsCompleteOnlyWhenEverySampledIdIsPresent() {
    Set<String> firstRunWithLimit2000 = Set.copyOf(ids(2000));
    DemoCatalog again = catalog(2000);
    assertTrue(again.complete(firstRunWithLimit2000::contains), "the same --limit again: skip");
    // A run of the whole set after one with --limit 2000 finds only the head of its sample: it streams.
    DemoCatalog whole = catalog(60_000);
    assertEquals(4, whole.present(firstRunWithLimit2000::contains), "ids 0, 606, 1212 and 1818 in steps of 606");
    assertFalse(whole.complete(firstRunWithLimit2000::contains));
    // A run stopped half-way lacks the end of its sample.
    Set<String> half = Set.copyOf(ids(1000));
    assertFalse(again.complete(half::contains));
    assertFalse(catalog(0).complete(id -> true), "nothing to stream is not a catalog that is there");
  }

  private static DemoCatalog catalog(int n) {
    ImageSource none = new ImageSource() {
      @Override
      public byte[] encoded() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String contentType() {
        return "image/png";
      }

      @Override
      public BufferedImage decode() {
        throw new UnsupportedOperationException();
      }
    };
    return new DemoCatalog(ids(n).stream().map(id -> new LabelledImage(id, 0, "bag", none)).toList());
  }
}
