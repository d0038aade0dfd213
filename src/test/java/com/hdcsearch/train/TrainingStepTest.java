package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeNetwork;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One step: rows or a laid-out batch give the same update; a network loaded from a checkpoint trains too. */
class TrainingStepTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(8);
  // Contrastive levels: every positive pair pays a loss, so each step moves the weights; the multi-similarity miner
  // finds no pair at all among these few easy synthetic classes once the grid heads tell them apart.
  private static final TrainConfig CONFIG =
      TrainConfig.defaults(Method.HDC, SPEC).toBuilder().augment(false).levelLoss(LevelLoss.CONTRASTIVE).build();

  @Test
  void rowsAndALaidOutBatchGiveTheSameStep() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 4, 3, 2);
    int[] rows = {0, 1, 3, 4, 6, 7, 9, 10};
    int[] labels = Arrays.stream(rows).map(data::label).toArray();
    float[] laidOut = new float[rows.length * SPEC.tensorLength()];
    for (int i = 0; i < rows.length; i++) {
      data.copy(rows[i], laidOut, i * SPEC.tensorLength());
    }
    float byRows;
    float byBatch;
    try (CascadeNetwork net = CascadeNetwork.create(CONFIG.model(), 3)) {
      byRows = TrainingStep.of(CONFIG, net, CONFIG.lrSchedule(), 1, 1).step(data.tensors(), rows, labels, 0).loss();
    }
    try (CascadeNetwork net = CascadeNetwork.create(CONFIG.model(), 3)) {
      TrainingStep step = TrainingStep.of(CONFIG, net, CONFIG.lrSchedule(), 1, 1);
      StepRecord r = step.step(laidOut, null, labels, 0);
      byBatch = r.loss();
      assertEquals(3, r.levels().size());
      assertThrows(IllegalArgumentException.class, () -> step.step(new float[5], null, labels, 1));
    }
    assertEquals(byRows, byBatch, 0f);
  }

  @Test
  void aLoadedCheckpointIsFineTuned(@TempDir Path dir) throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 4, 3, 2);
    int[] labels = data.labels();
    try (CascadeNetwork created = CascadeNetwork.create(CONFIG.model(), 3)) {
      created.save(dir);
    }
    try (CascadeNetwork loaded = CascadeNetwork.load(CONFIG.model(), dir)) {
      float[] before = firstWeights(loaded);
      TrainingStep step = TrainingStep.of(CONFIG, loaded, CONFIG.lrSchedule(), 1, 1);
      assertEquals(loaded.trunkParameters().stream().filter(Parameter::requiresGradient).count()
          + loaded.headParameters().stream().filter(Parameter::requiresGradient).count(),
          step.optimizer().parameterCount(), "every trainable array of a loaded network is optimised");
      step.step(data.tensors(), null, labels, 0);
      float[] after = firstWeights(loaded);
      assertTrue(!Arrays.equals(before, after), "the step should change the loaded trunk");
    }
  }

  @Test
  void aStepWithANonFiniteLossIsSkippedAndTrainingGoesOn() throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 4, 3, 2);
    int[] labels = data.labels();
    Objective real = Objective.of(CONFIG);
    int[] calls = {0};
    // The second batch's loss is NaN (and with it every gradient), as a diverging batch's would be.
    Objective poisoned = (levels, l) -> {
      Objective.Output out = real.compute(levels, l);
      return ++calls[0] == 2 ? new Objective.Output(out.loss().mul(Float.NaN), out.levels()) : out;
    };
    try (CascadeNetwork net = CascadeNetwork.create(CONFIG.model(), 3)) {
      TrainingStep step = TrainingStep.of(CONFIG, net, CONFIG.lrSchedule(), 1, 3, poisoned);
      step.step(data.tensors(), null, labels, 0);
      float[] afterFirst = firstWeights(net);
      StepRecord bad = step.step(data.tensors(), null, labels, 1);
      assertTrue(Float.isNaN(bad.loss()));
      assertArrayEquals(afterFirst, firstWeights(net), 0f, "the skipped step leaves the weights as they were");
      assertEquals(1, step.skippedSteps());
      StepRecord next = step.step(data.tensors(), null, labels, 2);
      assertTrue(Float.isFinite(next.loss()), "the next batch trains: " + next.loss());
      float[] afterThird = firstWeights(net);
      assertTrue(!Arrays.equals(afterFirst, afterThird), "the next step updates again");
      for (float w : afterThird) {
        assertTrue(Float.isFinite(w), "no NaN reached the weights");
      }
      assertEquals(1, step.skippedSteps());
    }
  }

  private static float[] firstWeights(CascadeNetwork net) {
    return net.trunkParameters().getFirst().getArray().toFloatArray();
  }
}
