package com.hdcsearch.online.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.ImageSource;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.online.HeldOutSplit;
import com.hdcsearch.online.Role;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchCatalogTest {
  private static final long SEED = 3;
  private static final HeldOutSplit SPLIT = HeldOutSplit.defaults();

  /** 40 classes x 6 items; the pixels are never read. */
  private static List<LabelledImage> images() {
    ImageSource none = new ImageSource() {
      @Override public byte[] encoded() { throw new UnsupportedOperationException(); }
      @Override public String contentType() { return "image/png"; }
      @Override public BufferedImage decode() { throw new UnsupportedOperationException(); }
    };
    List<LabelledImage> all = new ArrayList<>();
    for (int c = 0; c < 40; c++) {
      for (int i = 0; i < 6; i++) {
        all.add(new LabelledImage("item-" + c + "-" + i, c, "class-" + c, none));
      }
    }
    return all;
  }

  private static List<String> ids(List<LabelledImage> images) {
    return images.stream().map(LabelledImage::id).toList();
  }

  @Test
  void phasesSplitTheClassesInHalvesAndQueriesFollowTheServicesSplit() {
    BenchCatalog c = BenchCatalog.of(images(), 1000, SEED, SPLIT);

    assertEquals(20, c.phase1Labels().size());
    assertEquals(240, c.phase1().size() + c.phase2().size());
    assertTrue(c.phase1().stream().allMatch(i -> c.phase1Labels().contains(i.className())));
    assertTrue(c.phase2().stream().noneMatch(i -> c.phase1Labels().contains(i.className())));
    assertFalse(c.zeroShot().isEmpty());
    assertTrue(c.zeroShot().stream().allMatch(i -> SPLIT.role(i.id(), i.className()) == Role.HELD_OUT_UNSEEN));
    assertTrue(c.phase1HeldOut().stream().allMatch(i -> c.phase1Labels().contains(i.className())
        && SPLIT.role(i.id(), i.className()) != Role.TRAIN));
    assertTrue(c.training().stream().allMatch(i -> SPLIT.role(i.id(), i.className()) == Role.TRAIN));
    Set<String> ids = new HashSet<>();
    c.training().forEach(i -> ids.add(i.id()));
    c.zeroShot().forEach(i -> assertFalse(ids.contains(i.id()), "a query is also training data: " + i.id()));
  }

  @Test
  void theSameSeedGivesTheSameCatalogAndQueriesAreCapped() {
    BenchCatalog a = BenchCatalog.of(images(), 5, SEED, SPLIT);
    BenchCatalog b = BenchCatalog.of(images(), 5, SEED, SPLIT);

    assertEquals(a.phase1Labels(), b.phase1Labels());
    assertEquals(ids(a.zeroShot()), ids(b.zeroShot()));
    assertEquals(ids(a.phase1HeldOut()), ids(b.phase1HeldOut()));
    assertEquals(5, a.zeroShot().size());
    assertEquals(5, a.phase1HeldOut().size());
  }
}
