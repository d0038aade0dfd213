package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.online.MallocStats;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Many steps leave the model's NDManager with the same arrays, and the C allocator's bytes in use (where libtorch's
 * CPU tensors live) flat. RSS is printed, not asserted: it also counts the Java heap's first touch of memory it had
 * reserved, which grew by 80-134 MiB here with no leak (and failed this test when it ran alone or late in the suite).
 */
class NativeMemoryTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(8);
  private static final int WARM_UP = 100;
  private static final int STEPS = 400;
  /** Allocator noise allowance; a leak of one batch's activations per step would exceed it many times over. */
  private static final long MAX_MALLOC_GROWTH_BYTES = 64L << 20;

  @Test
  void memoryStaysFlat() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 10, 4, 1);
    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().iterations(STEPS).batch(4, 4).build();
    long[] arrays = new long[2];
    long[] rss = new long[2];
    long[] malloc = new long[2];
    try (CascadeNetwork net = CascadeNetwork.create(config.model(), config.seed())) {
      CascadeTrainer.train(config, data, net, r -> {
        int slot = r.step() == WARM_UP ? 0 : r.step() == STEPS - 1 ? 1 : -1;
        if (slot >= 0) {
          arrays[slot] = net.manager().getManagedArrays().size();
          rss[slot] = residentBytes();
          malloc[slot] = MallocStats.inUseBytes();
        }
      });
    }
    System.out.printf("arrays %d -> %d, malloc in use %d -> %d KiB, RSS %d MiB -> %d MiB%n", arrays[0], arrays[1],
        malloc[0] >> 10, malloc[1] >> 10, rss[0] >> 20, rss[1] >> 20);
    assertEquals(arrays[0], arrays[1], "arrays left in the model manager");
    assertTrue(malloc[1] - malloc[0] < MAX_MALLOC_GROWTH_BYTES,
        "C allocator in use grew " + ((malloc[1] - malloc[0]) >> 20) + " MiB");
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
