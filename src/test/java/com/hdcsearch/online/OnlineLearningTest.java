package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.eval.RecallKs;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.LevelLoss;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.StepRecord;
import com.hdcsearch.train.TestImages;
import com.hdcsearch.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online loop on real Fashion-MNIST images: the stream feeds the replay buffer and the held-out set, the trainer
 * fine-tunes the serving (here: untrained) network, the loss falls and retrieval of held-out items of the trained
 * classes improves. On Fashion-MNIST, 5 trained classes make the zero-shot classes worse (the README's bench: the
 * untrained network is already strong there), and the gate must catch that: with the unseen part it rejects the
 * candidate; on the seen part alone it promotes the trained candidate over the untrained model, and not the reverse.
 * Three seeds: the gains are bounded on their mean, each seed must learn and pass the gate's checks.
 */
class OnlineLearningTest {
  /**
   * The online trainer's default rate ({@code hdc.online.learning-rate}), not the offline default, which is chosen
   * for a fixed budget with a decay.
   */
  private static final float ONLINE_RATE = Float.parseFloat(OnlineSettings.DEFAULT_LEARNING_RATE);
  private static final ImageSpec SPEC = ImageSpec.grey(28);
  private static final long[] SEEDS = {1, 2, 3};
  private static final int STEPS = 60;
  private static final int WINDOW = 10;

  @BeforeAll
  static void oneThread() {
    TorchThreads.configureForTraining(null);
  }

  @Test
  void onlineTrainingImprovesHeldOutRetrievalAndPassesTheGate(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "Fashion-MNIST not installed");
    // 60 steps on a small stream are a chaotic trajectory: a rounding change (the weights' memory layout) or another
    // seed moves one run's seen MAP@R gain between +0.07 and +0.16 (measured, seeds 1-5 on NCHW and channels-last
    // weights). So the gains are asked of the mean of three seeds; every seed must still learn and gate right.
    double seenR1Gain = 0;
    double seenMapGain = 0;
    for (long seed : SEEDS) {
      Trial t = trial(dir.resolve("seed-" + seed), seed);
      seenR1Gain += t.gain("seen.r@1") / SEEDS.length;
      seenMapGain += t.gain("seen.map@r") / SEEDS.length;
      // The multi-similarity miner (HDC's default level loss since issue 9) keeps only the pairs that are still hard,
      // so its loss falls less than a loss on all pairs (measured: 3.525 -> 3.377 over these 60 steps, seed 3).
      double fall = t.config.levelLoss() == LevelLoss.MS ? 0.99 : 0.95;
      assertTrue(t.lastLoss < t.firstLoss * fall, "seed " + seed + ": loss should fall: " + t.firstLoss + " -> "
          + t.lastLoss);
      assertTrue(t.gain("seen.map@r") > 0.05, "seed " + seed + ": " + t.full.reason());
      assertFalse(t.full.promote(), "seed " + seed + ": the zero-shot classes got worse: " + t.full.reason());
      assertTrue(t.full.reason().startsWith("reject: unseen R@1"), t.full.reason());
      assertTrue(t.up.promote(), "seed " + seed + ": " + t.up.reason());
      assertTrue(t.up.reason().contains("seen is the primary check"), t.up.reason());
      assertFalse(t.down.promote(), "seed " + seed + ": " + t.down.reason());
    }
    System.out.printf("mean over seeds %s: seen R@1 %+.3f, seen MAP@R %+.3f%n", Arrays.toString(SEEDS), seenR1Gain,
        seenMapGain);
    assertTrue(seenR1Gain > 0.03, "mean seen R@1 gain " + seenR1Gain);
    assertTrue(seenMapGain > 0.1, "mean seen MAP@R gain " + seenMapGain);
  }

  /** One seed's stream, training and gate decisions. */
  private record Trial(TrainConfig config, double firstLoss, double lastLoss, HeldOutGate.Decision full,
      HeldOutGate.Decision up, HeldOutGate.Decision down) {
    double gain(String metric) {
      return full.candidateMetrics().get(metric) - full.servingMetrics().get(metric);
    }
  }

  private static Trial trial(Path dir, long seed) throws Exception {
    // Seen classes 0-4 stream in; a quarter of their items are held out by id hash. The data set's own zero-shot
    // classes 5-9 are the unseen part (with 10 labels, a 20% label hash could hold out 0 or 4 classes).
    HeldOutRouter feed = new HeldOutRouter(new HeldOutSplit(0, 0.25, 7),
        new ReplayBuffer(2000, 64L << 20, SPEC.tensorLength(), seed), new HeldOutSet(500, SPEC.tensorLength(), seed));
    stream(TestImages.fashion("train", 80), feed, false);
    stream(TestImages.fashion("test", 30), feed, true);
    HeldOutSet.Snapshot snapshot = feed.heldOut().snapshot();
    System.out.printf("seed %d: buffer %d images / %d classes; held out: unseen %d items / %d classes, seen %d / %d%n",
        seed, feed.buffer().size(), feed.buffer().classes(), snapshot.unseen().count(), snapshot.unseen().classes(),
        snapshot.seen().count(), snapshot.seen().classes());

    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().seed(seed).batch(5, 8)
        .learningRate(ONLINE_RATE).build();
    HeldOutGate gate = new HeldOutGate(HeldOutGate.DEFAULT_MARGIN, HeldOutGate.DEFAULT_SEEN_TOLERANCE, 5,
        RecallKs.SMALL, seed);
    List<Float> losses = new ArrayList<>();
    Path candidateDir = dir.resolve("candidate");
    try (OnlineTrainer trainer = new OnlineTrainer(config, CascadeNetwork.create(config.model(), seed))) {
      for (int s = 0; s < STEPS; s++) {
        StepRecord r = trainer.step(feed.buffer()).orElseThrow();
        losses.add(r.loss());
      }
      trainer.exportCheckpoint(candidateDir, "online-" + STEPS, "untrained-" + seed, Map.of());
    }
    try (CascadeEmbedder serving = EmbedderLoader.untrained(SPEC, seed);
        CascadeEmbedder candidate = EmbedderLoader.load(candidateDir)) {
      HeldOutGate.Decision full = gate.decide(serving, candidate, snapshot);
      HeldOutSet.Snapshot seenOnly = new HeldOutSet.Snapshot(new HeldOutSet.Part(new float[0], new int[0], 0, 0),
          snapshot.seen());
      HeldOutGate.Decision up = gate.decide(serving, candidate, seenOnly);
      HeldOutGate.Decision down = gate.decide(candidate, serving, seenOnly);
      double first = mean(losses.subList(0, WINDOW));
      double last = mean(losses.subList(STEPS - WINDOW, STEPS));
      System.out.printf("seed %d: loss %.3f -> %.3f over %d steps%nserving %s%ncandidate %s%nfull snapshot: %s%n"
          + "seen only, trained over untrained: %s%nseen only, untrained over trained: %s%n", seed, first, last, STEPS,
          full.servingMetrics(), full.candidateMetrics(), full.reason(), up.reason(), down.reason());
      return new Trial(config, first, last, full, up, down);
    }
  }

  /** Preprocesses and feeds images; {@code unseen} items go straight to the held-out set's unseen part. */
  private static void stream(List<LabelledImage> images, HeldOutRouter feed, boolean unseen) {
    ImageCache cache = ImageCache.of(images, SPEC);
    int len = SPEC.tensorLength();
    for (int i = 0; i < cache.size(); i++) {
      float[] tensor = new float[len];
      cache.copy(i, tensor, 0);
      String label = images.get(i).className();
      if (unseen) {
        feed.heldOut().add(images.get(i).id(), label, Role.HELD_OUT_UNSEEN, tensor);
      } else {
        feed.accept(images.get(i).id(), label, tensor);
      }
    }
  }

  private static double mean(List<Float> values) {
    return values.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
  }
}
