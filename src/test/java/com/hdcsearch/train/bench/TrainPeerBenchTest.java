package com.hdcsearch.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.peers.PythonPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short train-peer run with both real trainers (DJL's libtorch and Debian's PyTorch, installed by the bench when
 * missing) on real Fashion-MNIST batches: both build a network of the same size and train the same problem.
 */
class TrainPeerBenchTest {

  @Test
  void bothTrainersTrainTheSameNetworkOnTheSameBatches(@TempDir Path work) throws Exception {
    TrainPeerBench.Options options =
        new TrainPeerBench.Options("fashion-mnist", 28, 5, 4, 2, 1, 3, List.of(1), 1, 1, work);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PythonPeer peer = new PythonPeer(Path.of(PythonPeer.PEERS_DIR), PythonPeer.DEFAULT_PYTHON, line -> {});
    List<TrainSpeed> results = new TrainPeerBench(options, peer, out, line -> {}).run();

    assertEquals(2, results.size());
    TrainSpeed jvm = results.get(0);
    TrainSpeed torch = results.get(1);
    assertEquals("jvm", jvm.engine());
    assertEquals("torch", torch.engine());
    // 28x28 grey: stage convs 1*32*9 + 32*32*9, 32*64*9 + 64*64*9, 64*128*9 + 128*128*9, BN 2*(32+32+64+64+128+128),
    // heads (32+64+128)*64 + 3*64.
    assertEquals(288 + 9216 + 18432 + 36864 + 73728 + 147456 + 896 + 14336 + 192, jvm.parameters());
    assertEquals(jvm.parameters(), torch.parameters());
    for (TrainSpeed s : results) {
      assertTrue(s.imagesPerSecond() > 0 && s.cpuImagesPerSecond() > 0, s.toString());
      // Contrastive loss with margin 1 on unit vectors, summed over three levels: in (0, 3 * 4] from any start.
      assertTrue(s.firstLoss() > 0.3 && s.firstLoss() < 12, s.toString());
      assertTrue(s.phaseMillis().get("backward") > 0, s.toString());
    }
    String last = bytes.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.matches("train-peer jvm_1t=[\\d.]+ torch_1t=[\\d.]+ ratio_1t=[\\d.]+ cpu_ratio_1t=[\\d.]+"), last);
  }
}
