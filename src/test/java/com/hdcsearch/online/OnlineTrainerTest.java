package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.model.Checkpoints;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.StepRecord;
import com.hdcsearch.train.TestImages;
import com.hdcsearch.train.LevelLoss;
import com.hdcsearch.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The online trainer's state: steps, save and restore bit for bit, export to a checkpoint that serving loads. */
class OnlineTrainerTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(16);
  private static final long SEED = 21;
  // Contrastive levels: every step of these few easy synthetic classes has a loss to pay; the multi-similarity miner finds
  // no pair among them after a few steps on the grid heads, and steps without a loss would leave Adam's moments unused.
  private static final TrainConfig CONFIG = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().seed(SEED).batch(4, 3)
      .levelLoss(LevelLoss.CONTRASTIVE).build();

  @BeforeAll
  static void oneThread() {
    TorchThreads.configureForTraining(null); // bit-reproducible training needs one libtorch thread
  }

  /** The same buffer contents and seed each call: 8 classes of 5 synthetic images. */
  private static ReplayBuffer buffer(ImageCache data) {
    ReplayBuffer buffer = new ReplayBuffer(1000, Long.MAX_VALUE, SPEC.tensorLength(), SEED);
    float[] all = data.tensors();
    int len = SPEC.tensorLength();
    for (int i = 0; i < data.size(); i++) {
      float[] t = new float[len];
      System.arraycopy(all, i * len, t, 0, len);
      buffer.add("syn-" + i, "c" + data.label(i), t);
    }
    return buffer;
  }

  @Test
  void aRestoredTrainerContinuesBitForBit(@TempDir Path dir) throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 8, 5, 4);
    float[] straight = new float[6];
    float[][] straightEmbeddings;
    ReplayBuffer a = buffer(data);
    try (OnlineTrainer trainer = new OnlineTrainer(CONFIG, CascadeNetwork.create(CONFIG.model(), SEED))) {
      for (int s = 0; s < 6; s++) {
        straight[s] = trainer.step(a).orElseThrow().loss();
      }
      straightEmbeddings = trainer.embedTensors(data.tensors(), 6);
    }
    float[] resumed = new float[6];
    ReplayBuffer b = buffer(data);
    try (OnlineTrainer trainer = new OnlineTrainer(CONFIG, CascadeNetwork.create(CONFIG.model(), SEED))) {
      for (int s = 0; s < 3; s++) {
        resumed[s] = trainer.step(b).orElseThrow().loss();
      }
      trainer.saveState(dir);
    }
    try (OnlineTrainer trainer = OnlineTrainer.restore(CONFIG, dir)) {
      assertEquals(3, trainer.steps());
      for (int s = 3; s < 6; s++) {
        StepRecord r = trainer.step(b).orElseThrow();
        assertEquals(s, r.step());
        resumed[s] = r.loss();
      }
      assertEquals(6, trainer.steps());
      float[][] resumedEmbeddings = trainer.embedTensors(data.tensors(), 6);
      for (int i = 0; i < 6; i++) {
        assertArrayEquals(straightEmbeddings[i], resumedEmbeddings[i], 0f);
      }
    }
    System.out.println("losses straight " + java.util.Arrays.toString(straight) + ", 3 + restore + 3 "
        + java.util.Arrays.toString(resumed));
    assertArrayEquals(straight, resumed, 0f);
    assertTrue(straight[5] != straight[0], "the steps should change the loss");
  }

  @Test
  void withoutItsMomentsARestoreWouldDiffer(@TempDir Path dir) throws Exception {
    // The restore test above only means something if optimizer state matters: a fresh optimizer on the saved
    // parameters takes another 4th step.
    ImageCache data = TestImages.synthetic(SPEC, 8, 5, 4);
    ReplayBuffer a = buffer(data);
    ReplayBuffer b = buffer(data);
    float withState;
    float freshOptimizer;
    try (OnlineTrainer trainer = new OnlineTrainer(CONFIG, CascadeNetwork.create(CONFIG.model(), SEED))) {
      for (int s = 0; s < 3; s++) {
        trainer.step(a);
        trainer.step(b);
      }
      trainer.saveState(dir);
      trainer.step(a);
      withState = trainer.step(a).orElseThrow().loss();
    }
    try (OnlineTrainer trainer = new OnlineTrainer(CONFIG, CascadeNetwork.load(CONFIG.model(), dir))) {
      trainer.step(b);
      freshOptimizer = trainer.step(b).orElseThrow().loss();
    }
    assertTrue(withState != freshOptimizer, "moments should matter: " + withState + " vs " + freshOptimizer);
  }

  @Test
  void anExportedCheckpointServesTheTrainersEmbeddings(@TempDir Path dir) throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 8, 5, 4);
    ReplayBuffer buffer = buffer(data);
    float[][] trained;
    try (OnlineTrainer trainer = new OnlineTrainer(CONFIG, CascadeNetwork.create(CONFIG.model(), SEED))) {
      for (int s = 0; s < 4; s++) {
        trainer.step(buffer).orElseThrow();
      }
      trained = trainer.embedTensors(data.tensors(), data.size());
      trainer.exportCheckpoint(dir, "online-4", "untrained-21", Map.of("seen.r@1", 0.75));
    }
    try (CascadeEmbedder served = EmbedderLoader.load(dir)) {
      assertEquals("online-4", served.modelVersion());
      float[][] loaded = served.embedTensors(data.tensors(), data.size());
      for (int i = 0; i < loaded.length; i++) {
        assertArrayEquals(trained[i], loaded[i], 0f);
      }
    }
    CheckpointManifest m = Checkpoints.manifest(dir);
    assertEquals(4, m.steps());
    assertEquals(OnlineTrainer.STREAM_DATASET, m.dataset());
    assertEquals("untrained-21", m.training().get("parentVersion"));
    assertEquals(true, m.training().get("online"));
    assertEquals(0.75, m.metrics().get("seen.r@1"));
  }

  @Test
  void waitsForAReadyBufferAndChecksItsInputs(@TempDir Path dir) throws Exception {
    ReplayBuffer buffer = new ReplayBuffer(100, Long.MAX_VALUE, SPEC.tensorLength(), 1);
    for (int c = 0; c < 3; c++) {
      buffer.add("a" + c, "c" + c, new float[SPEC.tensorLength()]);
      buffer.add("b" + c, "c" + c, new float[SPEC.tensorLength()]);
    }
    try (OnlineTrainer trainer = new OnlineTrainer(CONFIG, CascadeNetwork.create(CONFIG.model(), SEED))) {
      assertEquals(Optional.empty(), trainer.step(buffer), "3 classes, the batch needs 4");
      assertEquals(0, trainer.steps());
      assertThrows(IllegalArgumentException.class,
          () -> trainer.step(new ReplayBuffer(10, Long.MAX_VALUE, 5, 1)));
      trainer.saveState(dir);
    }
    var other = assertThrows(IllegalArgumentException.class,
        () -> OnlineTrainer.restore(CONFIG.toBuilder().seed(SEED + 1).build(), dir));
    assertTrue(other.getMessage().contains("seed"), other.getMessage());
    Files.delete(dir.resolve(TrainerStateFile.FILE));
    assertThrows(java.io.IOException.class, () -> OnlineTrainer.restore(CONFIG, dir));
  }
}
