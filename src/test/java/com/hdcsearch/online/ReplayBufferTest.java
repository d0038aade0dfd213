package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Bounds, balance, reservoir, replace and remove, fresh share and determinism of the replay buffer. */
class ReplayBufferTest {
  private static final int LEN = 6;
  private static final long SEED = 17;

  /** A tensor that names its item, so that a batch row can be checked against its id. */
  private static float[] tensor(int item) {
    float[] t = new float[LEN];
    Arrays.fill(t, item);
    return t;
  }

  private static int item(String id) {
    return Integer.parseInt(id.substring(id.indexOf('-') + 1));
  }

  @Test
  void boundedByCountAndBalanced() {
    ReplayBuffer buffer = new ReplayBuffer(50, Long.MAX_VALUE, LEN, SEED);
    Random r = new Random(SEED);
    for (int i = 0; i < 2000; i++) {
      // A skewed stream: class c arrives with weight c + 1.
      int c = (int) Math.sqrt(r.nextInt(100));
      buffer.add("i-" + i, "c" + c, tensor(i));
      assertTrue(buffer.size() <= 50, "size " + buffer.size() + " after " + i);
    }
    assertEquals(50, buffer.size());
    assertEquals(50L * LEN * Float.BYTES, buffer.bytes());
    assertEquals(10, buffer.classes());
    System.out.println("class sizes after a skewed stream: " + buffer.classSizes());
    assertBalanced(buffer.classSizes());
    assertEquals(10, buffer.classesWithAtLeast(5));
    assertEquals(0, buffer.classesWithAtLeast(6));
  }

  @Test
  void boundedByBytes() {
    long bytes = 30L * LEN * Float.BYTES + 3;
    ReplayBuffer buffer = new ReplayBuffer(1_000_000, bytes, LEN, SEED);
    assertEquals(30, buffer.capacity());
    for (int i = 0; i < 500; i++) {
      buffer.add("i-" + i, "c" + (i % 7), tensor(i));
    }
    assertEquals(30, buffer.size());
    assertTrue(buffer.bytes() <= bytes, buffer.bytes() + " > " + bytes);
    assertBalanced(buffer.classSizes());
  }

  @Test
  void aSmallOldClassIsNeverEvicted() {
    ReplayBuffer buffer = new ReplayBuffer(40, Long.MAX_VALUE, LEN, SEED);
    for (int i = 0; i < 3; i++) {
      buffer.add("old-" + i, "old", tensor(i));
    }
    for (int i = 0; i < 5000; i++) {
      buffer.add("new-" + i, "c" + (i % 5), tensor(i));
    }
    // 3 is below the mean (40 / 6): the other classes are always bigger, so eviction never reaches "old".
    assertEquals(3, buffer.classSizes().get("old"));
    assertEquals(40, buffer.size());
  }

  @Test
  void aFullClassIsAUniformSampleOfItsHistory() {
    int keptFromFirstHalf = 0;
    int kept = 0;
    for (int trial = 0; trial < 200; trial++) {
      ReplayBuffer buffer = new ReplayBuffer(10, Long.MAX_VALUE, LEN, trial);
      for (int i = 0; i < 1000; i++) {
        buffer.add("i-" + i, "only", tensor(i));
      }
      // Drawing all 10 images of the one class (no repeats at K = 10) reads the reservoir.
      ReplayBuffer.Batch b = buffer.sample(2, 10, 0).orElse(null);
      assertEquals(null, b, "one class cannot make a batch of 2 classes");
      buffer.add("probe-0", "other", tensor(0));
      buffer.add("probe-1", "other", tensor(1));
      for (String id : buffer.sample(2, 9, 0).orElseThrow().itemIds()) {
        if (id.startsWith("i-")) {
          kept++;
          keptFromFirstHalf += item(id) < 500 ? 1 : 0;
        }
      }
    }
    double share = (double) keptFromFirstHalf / kept;
    System.out.printf("reservoir: %.3f of %d kept images from the first half of the stream%n", share, kept);
    // Keep-the-newest would give 0, never-replace 1; uniform gives 0.5 (sd 0.012 here).
    assertEquals(0.5, share, 0.05);
  }

  @Test
  void aResentItemReplacesItsTensorAndLabel() {
    ReplayBuffer buffer = new ReplayBuffer(100, Long.MAX_VALUE, LEN, SEED);
    buffer.add("x-1", "a", tensor(1));
    buffer.add("x-1", "a", tensor(7));
    assertEquals(1, buffer.size());
    buffer.add("x-1", "b", tensor(8));
    assertEquals(1, buffer.size());
    assertEquals(Map.of("b", 1), buffer.classSizes());
    buffer.add("x-2", "b", tensor(2));
    buffer.add("y-3", "c", tensor(3));
    buffer.add("y-4", "c", tensor(4));
    ReplayBuffer.Batch batch = buffer.sample(2, 2, 0).orElseThrow();
    for (int row = 0; row < 4; row++) {
      if (batch.itemIds()[row].equals("x-1")) {
        assertEquals(8f, batch.tensors()[row * LEN]);
      }
    }
    assertTrue(buffer.remove("x-1"));
    assertFalse(buffer.remove("x-1"));
    assertEquals(Map.of("b", 1, "c", 2), buffer.classSizes());
    assertTrue(buffer.remove("x-2"));
    assertEquals(1, buffer.classes(), "an emptied class is gone");
    assertEquals(2L * LEN * Float.BYTES, buffer.bytes());
  }

  @Test
  void batchesAreGroupedByClassAndEmptyUntilReady() {
    ReplayBuffer buffer = new ReplayBuffer(100, Long.MAX_VALUE, LEN, SEED);
    for (int c = 0; c < 4; c++) {
      buffer.add("i-" + (10 * c), "c" + c, tensor(10 * c));
    }
    buffer.add("i-1", "c0", tensor(1));
    buffer.add("i-11", "c1", tensor(11));
    buffer.add("i-21", "c2", tensor(21));
    assertEquals(Optional.empty(), buffer.sample(4, 3, 0.5), "only 3 classes have 2 images");
    ReplayBuffer.Batch batch = buffer.sample(3, 3, 0.5).orElseThrow();
    assertEquals(9, batch.labels().length);
    Set<Integer> classesSeen = new HashSet<>();
    for (int row = 0; row < 9; row++) {
      assertEquals(row / 3, batch.labels()[row], "labels are dense per batch, K rows each");
      int item = item(batch.itemIds()[row]);
      assertEquals(item, (int) batch.tensors()[row * LEN], "row tensor belongs to its id");
      classesSeen.add(item / 10);
      assertEquals(item / 10, item(batch.itemIds()[row - row % 3]) / 10, "a class's rows share one class");
    }
    assertEquals(Set.of(0, 1, 2), classesSeen);
    assertThrows(IllegalArgumentException.class, () -> buffer.sample(1, 3, 0.5));
    assertThrows(IllegalArgumentException.class, () -> buffer.sample(2, 2, 1.5));
    assertThrows(IllegalArgumentException.class, () -> buffer.add("z", "c", new float[LEN + 1]));
  }

  @Test
  void freshClassesGetTheirShareOfEachBatch() {
    Set<String> freshLabels = Set.of("c3", "c11", "c17");
    ReplayBuffer buffer = freshScenario(SEED, freshLabels);
    assertEquals(3, buffer.freshClasses());
    double[] shares = {0.5, 1.0};
    int[] freshInBatch = new int[shares.length];
    for (int s = 0; s < shares.length; s++) {
      ReplayBuffer drawn = freshScenario(SEED + s, freshLabels);
      freshInBatch[s] = countFresh(drawn.sample(4, 2, shares[s]).orElseThrow(), freshLabels);
      assertEquals(3 - freshInBatch[s], drawn.freshClasses(), "drawn classes stop being fresh");
    }
    // round(0.5 x 4) = 2 fresh classes (a third only by replay's chance); 1.0 wants 4 but only 3 are fresh.
    assertTrue(freshInBatch[0] >= 2, "fresh classes in batch at 0.5: " + freshInBatch[0]);
    assertEquals(3, freshInBatch[1]);
    // Replay alone (share 0) picks each of the 3 fresh classes with chance 4/20: 0.6 per batch on average.
    int total = 0;
    int atHalf = 0;
    int trials = 200;
    for (int trial = 0; trial < trials; trial++) {
      total += countFresh(freshScenario(trial, freshLabels).sample(4, 2, 0).orElseThrow(), freshLabels);
      atHalf += countFresh(freshScenario(trial, freshLabels).sample(4, 2, 0.5).orElseThrow(), freshLabels);
    }
    System.out.printf("fresh classes per batch of 4 (3 fresh of 20): share 0 -> %.2f, share 0.5 -> %.2f%n",
        (double) total / trials, (double) atHalf / trials);
    assertEquals(0.6, (double) total / trials, 0.15);
    // 2 drawn as fresh, and the third fresh class by replay with chance 2/18.
    assertEquals(2 + 2.0 / 18, (double) atHalf / trials, 0.1);
  }

  /** 20 classes of 4 images, all drawn once (so none is fresh), then one new image for each of {@code fresh}. */
  private static ReplayBuffer freshScenario(long seed, Set<String> fresh) {
    ReplayBuffer buffer = new ReplayBuffer(1000, Long.MAX_VALUE, LEN, seed);
    int id = 0;
    for (int c = 0; c < 20; c++) {
      for (int k = 0; k < 4; k++) {
        buffer.add("c" + c + "-" + id, "c" + c, tensor(id++));
      }
    }
    buffer.sample(20, 2, 0).orElseThrow();
    assertEquals(0, buffer.freshClasses());
    for (String label : new java.util.TreeSet<>(fresh)) {
      buffer.add(label + "-" + id, label, tensor(id++));
    }
    return buffer;
  }

  private static int countFresh(ReplayBuffer.Batch batch, Set<String> fresh) {
    Set<String> labels = new HashSet<>();
    for (String itemId : batch.itemIds()) {
      labels.add(itemId.substring(0, itemId.indexOf('-')));
    }
    labels.retainAll(fresh);
    return labels.size();
  }

  @Test
  void sameSeedSameBatches() {
    List<float[]> a = run(SEED);
    List<float[]> b = run(SEED);
    List<float[]> c = run(SEED + 1);
    assertEquals(a.size(), b.size());
    boolean differs = false;
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), 0f);
      differs |= !Arrays.equals(a.get(i), c.get(i));
    }
    assertTrue(differs, "another seed should draw other batches");
  }

  @Test
  void concurrentAddsAndSamplesKeepTheBounds() throws Exception {
    ReplayBuffer buffer = new ReplayBuffer(64, Long.MAX_VALUE, LEN, SEED);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // Halfway, the producer waits until the sampler has drawn a few batches: on a busy machine the producer could
    // otherwise finish all its adds before the sampling thread is first scheduled, and nothing would overlap.
    CountDownLatch sampled = new CountDownLatch(5);
    Thread producer = new Thread(() -> {
      for (int i = 0; i < 20_000; i++) {
        buffer.add("i-" + i, "c" + (i % 13), tensor(i));
        if (i % 7 == 0) {
          buffer.remove("i-" + (i - 3));
        }
        if (i == 10_000) {
          try {
            if (!sampled.await(60, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the sampler drew no batches in 60 s");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
      }
    });
    producer.setUncaughtExceptionHandler((t, e) -> failure.set(e));
    producer.start();
    int batches = 0;
    while (producer.isAlive()) {
      Optional<ReplayBuffer.Batch> batch = buffer.sample(4, 4, 0.5);
      if (batch.isPresent()) {
        batches++;
        sampled.countDown();
        String[] ids = batch.get().itemIds();
        for (int row = 0; row < ids.length; row++) {
          assertEquals(item(ids[row]) % 13, item(ids[row - row % 4]) % 13, "rows of a class share its label");
          assertEquals(item(ids[row]), (int) batch.get().tensors()[row * LEN]);
        }
      }
      assertTrue(buffer.size() <= 64);
    }
    producer.join();
    assertEquals(null, failure.get());
    assertTrue(batches > 0, "the trainer thread should have drawn batches");
    // The last remove may or may not hit a kept item: which ones the reservoir kept depends on how the sampler's
    // draws interleaved with the adds. One more add fills it again either way.
    assertTrue(buffer.size() >= 63, "size " + buffer.size());
    buffer.add("i-final", "c0", tensor(20_000));
    assertEquals(64, buffer.size());
  }

  private static List<float[]> run(long seed) {
    ReplayBuffer buffer = new ReplayBuffer(30, Long.MAX_VALUE, LEN, seed);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      buffer.add("i-" + i, "c" + (i % 9), tensor(i));
      if (i % 25 == 24) {
        out.add(buffer.sample(4, 3, 0.5).orElseThrow().tensors());
      }
    }
    return out;
  }

  private static void assertBalanced(Map<String, Integer> sizes) {
    int max = Collections.max(sizes.values());
    int min = Collections.min(sizes.values());
    assertTrue(max - min <= 1, "class sizes should differ by at most 1: " + sizes);
  }
}
