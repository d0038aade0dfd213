package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKSelectorTest {

  private static final long SEED = 7L;

  @Test
  void keepsBestFirstWithLowerIndexOnTies() {
    TopKSelector selector = new TopKSelector(3);
    float[] row = {0.5f, 0.9f, 0.5f, 0.9f, 0.1f, 0.5f};

    selector.offerRow(row, 0, row.length, -1);
    int[] indices = new int[3];
    float[] scores = new float[3];
    selector.drainBestFirst(indices, scores, 0);

    assertArrayEquals(new int[] {1, 3, 0}, indices);
    assertArrayEquals(new float[] {0.9f, 0.9f, 0.5f}, scores);
  }

  @Test
  void rowOfferEqualsOneByOneOfferWithAnySkip() {
    Random random = new Random(SEED);
    for (int trial = 0; trial < 200; trial++) {
      int length = 1 + random.nextInt(40);
      int k = 1 + random.nextInt(length);
      float[] row = new float[length + 3];
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextInt(6); // many ties
      }
      int skip = random.nextInt(length + 1) - 1;
      TopKSelector byRow = new TopKSelector(k);
      TopKSelector oneByOne = new TopKSelector(k);

      byRow.offerRow(row, 3, length, skip);
      for (int i = length - 1; i >= 0; i--) { // reverse order: the tie rule must not depend on order
        if (i != skip) {
          oneByOne.offer(row[3 + i], i);
        }
      }

      int kept = Math.min(k, length - (skip >= 0 ? 1 : 0));
      int[] a = new int[kept];
      int[] b = new int[kept];
      byRow.drainBestFirst(a, new float[kept], 0);
      oneByOne.drainBestFirst(b, new float[kept], 0);
      assertArrayEquals(b, a, "seed=" + SEED + " trial=" + trial);
    }
  }

  @Test
  void capacityIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> new TopKSelector(0));
  }
}
