package com.hdcsearch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The embedder without its global lock: embeds from several threads at once give the numbers of one thread, of one
 * image at a time, and of the old path (synchronized, a host copy per chunk), within float tolerance.
 */
class CascadeEmbedderParallelTest {
  private static final long SEED = 20261201L;
  private static final ImageSpec SPEC = ImageSpec.grey(28);
  /** More than one chunk of {@link CascadeEmbedder#MAX_BATCH}, so the offset path runs too. */
  private static final int COUNT = CascadeEmbedder.MAX_BATCH + 44;
  private static final float TOLERANCE = 1e-5f;

  private static float[] randomTensors(int count, long seed) {
    Random random = new Random(seed);
    float[] t = new float[count * SPEC.tensorLength()];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) random.nextGaussian();
    }
    return t;
  }

  /** The embedding as the code before this change computed it: one copy per chunk, the forward, the concatenation. */
  private static float[][] oldPath(CascadeEmbedder embedder, float[] tensors, int count) {
    CascadeNetwork network = embedder.network();
    int len = SPEC.tensorLength();
    float[][] out = new float[count][];
    TorchGradMode.offOnThisThread();
    for (int start = 0; start < count; start += CascadeEmbedder.MAX_BATCH) {
      int n = Math.min(CascadeEmbedder.MAX_BATCH, count - start);
      float[] chunk = new float[n * len];
      System.arraycopy(tensors, start * len, chunk, 0, n * len);
      try (NDManager batch = network.manager().newSubManager()) {
        NDArray x = batch.create(chunk, new Shape(n, 1, SPEC.size(), SPEC.size()));
        NDList levels = network.forward(x, false);
        List<float[]> rows = new ArrayList<>();
        for (NDArray level : levels) {
          rows.add(level.toFloatArray());
        }
        System.arraycopy(network.concatenate(rows, n), 0, out, start, n);
      }
    }
    return out;
  }

  private static void assertRows(float[][] expected, float[][] actual, int offset, String what) {
    for (int i = 0; i < actual.length; i++) {
      for (int d = 0; d < actual[i].length; d++) {
        assertEquals(expected[offset + i][d], actual[i][d], TOLERANCE, what + ": row " + (offset + i) + " dim " + d);
      }
    }
  }

  @Test
  void parallelEmbedsEqualTheOldSequentialPath() throws Exception {
    System.out.println("seed " + SEED);
    try (CascadeEmbedder embedder = EmbedderLoader.untrained(SPEC, 7)) {
      float[] tensors = randomTensors(COUNT, SEED);
      float[][] reference = oldPath(embedder, tensors, COUNT);
      assertRows(reference, embedder.embedTensors(tensors, COUNT), 0, "new path, one thread");
      int len = SPEC.tensorLength();
      for (int i : new int[] {0, 1, COUNT - 1}) {
        float[] one = java.util.Arrays.copyOfRange(tensors, i * len, (i + 1) * len);
        assertRows(reference, embedder.embedTensors(one, 1), i, "one image at a time");
      }
      // Four threads, each embedding its own slice of the batch several times, all at once.
      int threads = 4;
      int slice = COUNT / threads;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int from = t * slice;
          done.add(pool.submit(() -> {
            float[] part = java.util.Arrays.copyOfRange(tensors, from * len, (from + slice) * len);
            for (int round = 0; round < 5; round++) {
              assertRows(reference, embedder.embedTensors(part, slice), from, "parallel slice at " + from);
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void imagesAndTheirTensorsEmbedTheSame() {
    try (CascadeEmbedder embedder = EmbedderLoader.untrained(SPEC, 7)) {
      List<BufferedImage> images = new ArrayList<>();
      Random random = new Random(SEED);
      for (int i = 0; i < 5; i++) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 28 * 28; p++) {
          img.getRaster().setSample(p % 28, p / 28, 0, random.nextInt(256));
        }
        images.add(img);
      }
      float[][] viaImages = embedder.embed(images);
      float[][] viaTensors = embedder.embedTensors(new ImagePreprocessor(SPEC).toTensors(images), images.size());
      assertRows(viaImages, viaTensors, 0, "tensor path");
    }
  }

  @Test
  void aClosedModelRefusesToEmbed() {
    CascadeEmbedder embedder = EmbedderLoader.untrained(SPEC, 7);
    embedder.close();
    embedder.close(); // idempotent
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> embedder.embedTensors(new float[SPEC.tensorLength()], 1));
    assertEquals(true, e.getMessage().contains("closed"), e.getMessage());
  }
}
