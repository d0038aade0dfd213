package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.eval.EvalReport;
import com.hdcsearch.eval.Evaluator;
import com.hdcsearch.eval.RecallKs;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.train.bench.ConfigOverrides;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The comparison isolates the method: HDC with no mining (keep 1/1/1), only the deepest level's loss (weights 0:0:1),
 * only the deepest level in the embedding (0:0:1) and heads at the trunk's learning rate is the contrastive baseline,
 * bit for bit: same initialisation, batches and crops, so the same loss at every step and the same embeddings. Real
 * Fashion-MNIST images, 28 px grey, 5 x 4 batches, 15 steps; once with the released code's loss, once with the
 * pytorch-metric-learning recipe. The same for the multi-similarity cascade (HDC's default since issue 9): with each
 * level mining the whole batch (independent), the deepest level's loss and embedding only and heads at 1x, it is the
 * {@code ms} baseline bit for bit.
 */
class HdcEquivalenceTest {
  private static final ImageSpec SPEC = ImageSpec.grey(28);
  private static final long SEED = 5;
  private static final int STEPS = 15;

  @ParameterizedTest
  @ValueSource(strings = {"", "recipe=pml"})
  void hdcWithoutTheCascadeIsTheContrastiveBaseline(String recipe) throws Exception {
    TrainConfig contrastive = ConfigOverrides.apply(TrainConfig.defaults(Method.CONTRASTIVE, SPEC).toBuilder()
        .seed(SEED).iterations(STEPS).batch(5, 4).build(), recipe);
    // The optimizer's recipe is not the method: the flattened cascade trains at the baseline's rate and schedule.
    TrainConfig hdcBase = ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, SPEC).toBuilder()
        .seed(SEED).iterations(STEPS).batch(5, 4).learningRate(contrastive.learningRate())
        .schedule(contrastive.schedule()).warmupSteps(contrastive.warmupSteps()).build(), recipe);
    TrainConfig flatHdc = ConfigOverrides.apply(hdcBase,
        "levelLoss=contrastive,keep=1:1:1,lossWeights=0:0:1,weights=0:0:1,headMult=1");
    // The PML recipe scales inputs its own way: the images are cached with the config's spec.
    ImageSpec spec = contrastive.model().spec();
    ImageCache train = ImageCache.of(TestImages.fashion("train", 8), spec);
    ImageCache test = ImageCache.of(TestImages.fashion("test", 6), spec);

    Run base = run(contrastive, train, test);
    Run flat = run(flatHdc, train, test);
    assertArrayEquals(base.losses, flat.losses, 0f, "loss at every step");
    assertEquals(base.embeddings.length, flat.embeddings.length);
    for (int i = 0; i < base.embeddings.length; i++) {
      assertArrayEquals(base.embeddings[i], flat.embeddings[i], 0f, "embedding of test image " + i);
    }
    assertEquals(base.report.recallAt(1), flat.report.recallAt(1), 0.0);
    assertEquals(base.report.mapAtR(), flat.report.mapAtR(), 0.0);

    // Not vacuous: the default cascade trains other numbers from the same start.
    Run cascade = run(hdcBase, train, test);
    assertTrue(cascade.losses[0] != base.losses[0], "HDC's first loss sums three levels");
    assertTrue(cascade.losses[STEPS - 1] != base.losses[STEPS - 1]);
  }

  @org.junit.jupiter.api.Test
  void msCascadeWithOnlyTheDeepestLevelIsTheMsBaseline() throws Exception {
    TrainConfig ms = TrainConfig.defaults(Method.MS, SPEC).toBuilder().seed(SEED).iterations(STEPS).batch(5, 4)
        .build();
    // As above: the flattened cascade trains at the baseline's own rate, schedule and warm-up.
    TrainConfig hdcBase = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().seed(SEED).iterations(STEPS)
        .batch(5, 4).learningRate(ms.learningRate()).schedule(ms.schedule()).warmupSteps(ms.warmupSteps()).build();
    assertEquals(LevelLoss.MS, hdcBase.levelLoss(), "HDC's default level loss");
    TrainConfig flatHdc = ConfigOverrides.apply(hdcBase,
        "mining=independent,lossWeights=0:0:1,weights=0:0:1,headMult=1");
    ImageCache train = ImageCache.of(TestImages.fashion("train", 8), SPEC);
    ImageCache test = ImageCache.of(TestImages.fashion("test", 6), SPEC);
    Run base = run(ms, train, test);
    Run flat = run(flatHdc, train, test);
    assertArrayEquals(base.losses, flat.losses, 0f, "loss at every step");
    for (int i = 0; i < base.embeddings.length; i++) {
      assertArrayEquals(base.embeddings[i], flat.embeddings[i], 0f, "embedding of test image " + i);
    }
    Run cascade = run(hdcBase, train, test);
    assertTrue(cascade.losses[STEPS - 1] != base.losses[STEPS - 1], "the default cascade trains other numbers");
  }

  private record Run(float[] losses, float[][] embeddings, EvalReport report) {}

  private static Run run(TrainConfig config, ImageCache train, ImageCache test) throws Exception {
    try (TrainResult r = CascadeTrainer.train(config, train, TrainingListener.NONE)) {
      float[] losses = new float[r.history().size()];
      for (int i = 0; i < losses.length; i++) {
        losses[i] = r.history().get(i).loss();
      }
      float[][] e = r.embedder().embedTensors(test.tensors(), test.size());
      return new Run(losses, e, new Evaluator().evaluate(e, test.labels(), RecallKs.SMALL, SEED));
    }
  }
}
