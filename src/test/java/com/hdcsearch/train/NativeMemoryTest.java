package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Many steps leave the model's NDManager with the same arrays, and the process's resident memory flat. */
class NativeMemoryTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(8);
  private static final int WARM_UP = 100;
  private static final int STEPS = 400;
  /** Allocator noise allowance; a leak of one batch's activations per step would exceed it many times over. */
  private static final long MAX_RSS_GROWTH_BYTES = 64L << 20;

  @Test
  void memoryStaysFlat() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 10, 4, 1);
    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().iterations(STEPS).batch(4, 4).build();
    long[] arrays = new long[2];
    long[] rss = new long[2];
    try (CascadeNetwork net = CascadeNetwork.create(config.model(), config.seed())) {
      CascadeTrainer.train(config, data, net, r -> {
        int slot = r.step() == WARM_UP ? 0 : r.step() == STEPS - 1 ? 1 : -1;
        if (slot >= 0) {
          arrays[slot] = net.manager().getManagedArrays().size();
          rss[slot] = residentBytes();
        }
      });
    }
    System.out.printf("arrays %d -> %d, RSS %d MiB -> %d MiB%n", arrays[0], arrays[1], rss[0] >> 20, rss[1] >> 20);
    assertEquals(arrays[0], arrays[1], "arrays left in the model manager");
    assertTrue(rss[1] - rss[0] < MAX_RSS_GROWTH_BYTES, "RSS grew " + ((rss[1] - rss[0]) >> 20) + " MiB");
  }

  private static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
