package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TestImages;
import com.hdcsearch.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A long-running trainer must not leak: many online steps, with the stream adding (and evicting) and the trainer
 * embedding for checks in between, leave the network's NDManager with the same arrays and the C allocator's in-use
 * bytes flat. RSS is printed, not asserted: run alone, it rises by ~100 MiB as the garbage collector first touches
 * more of the committed Java heap (the offline NativeMemoryTest fails for that reason when run alone, before and
 * after the TrainingStep refactor), while malloc's in-use bytes stay within a few MiB.
 */
class OnlineNativeMemoryTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(8);
  private static final int WARM_UP = 50;
  private static final int STEPS = 300;
  /** Allocator noise allowance; one batch's activations (about 1 MiB here) leaked per step would exceed it 10x. */
  private static final long MAX_MALLOC_GROWTH_BYTES = 24L << 20;

  @Test
  void memoryStaysFlatOverManySteps() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 10, 6, 2);
    ReplayBuffer buffer = new ReplayBuffer(40, Long.MAX_VALUE, SPEC.tensorLength(), 2);
    int len = SPEC.tensorLength();
    for (int i = 0; i < data.size(); i++) {
      buffer.add("seed-" + i, "c" + data.label(i), tensor(data, i, len));
    }
    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().batch(4, 4).build();
    long[] arrays = new long[2];
    long[] malloc = new long[2];
    long[] rss = new long[2];
    try (OnlineTrainer trainer = new OnlineTrainer(config, CascadeNetwork.create(config.model(), 1))) {
      for (int s = 0; s <= STEPS; s++) {
        int i = s % data.size();
        buffer.add("i-" + s, "c" + data.label(i), tensor(data, i, len));
        trainer.step(buffer).orElseThrow(() -> new AssertionError("buffer not ready"));
        if (s % 50 == 0) {
          trainer.embedTensors(data.tensors(), data.size());
        }
        int slot = s == WARM_UP ? 0 : s == STEPS ? 1 : -1;
        if (slot >= 0) {
          arrays[slot] = trainer.managedArrays();
          malloc[slot] = MallocStats.inUseBytes();
          rss[slot] = residentBytes();
        }
      }
    }
    System.out.printf("online, %d steps: arrays %d -> %d, malloc in use %d -> %d KiB, RSS %d -> %d MiB%n",
        STEPS - WARM_UP, arrays[0], arrays[1], malloc[0] >> 10, malloc[1] >> 10, rss[0] >> 20, rss[1] >> 20);
    assertEquals(arrays[0], arrays[1], "arrays left in the model manager");
    assertTrue(malloc[1] - malloc[0] < MAX_MALLOC_GROWTH_BYTES,
        "malloc in use grew " + ((malloc[1] - malloc[0]) >> 10) + " KiB");
  }

  private static float[] tensor(ImageCache data, int i, int len) {
    float[] t = new float[len];
    data.copy(i, t, 0);
    return t;
  }

  private static long residentBytes() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
