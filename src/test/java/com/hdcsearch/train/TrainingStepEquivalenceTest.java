package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeConfig;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.model.HeadKind;
import com.hdcsearch.model.WeightLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Speed work on the training step (mining, loss, optimizer) must not change what it computes: six HDC steps on real
 * Fashion-MNIST batches from seed 1 give the losses and the weights that the step gave before that work (recorded at
 * commit "bench ann-peer: ...", before the miner's primitive sort, one libtorch thread). The tolerance covers
 * a different CPU's kernels and thread count, not a different computation: a changed reduction, rate or pair choice
 * moves the losses by 1e-2 or more. The recorded figures are of the keep ratio applied to positives and negatives
 * alike with the contrastive loss per level on linear heads weighted 1:2:3 at Adam 1e-3 (HDC's default before issue 9), so the test
 * pins that objective and that network, and the NCHW weight layout it was recorded on: the product's CPU layout
 * (channels-last) rounds the same sums differently, which after a few steps flips hard mining's choice at the keep
 * boundary and moves the trajectory; {@link WeightLayoutEquivalenceTest} checks that the two layouts compute the same
 * step.
 */
class TrainingStepEquivalenceTest {
  private static final ImageSpec SPEC = ImageSpec.grey(28);
  private static final double[] LOSSES = {2.4116340, 2.2143221, 2.0393620, 1.9079909, 1.7306530, 1.7236605};
  private static final double WEIGHT_SUM = 15131.399;
  private static final double LOSS_TOLERANCE = 2e-3;

  @Test
  void sixStepsGiveTheLossesAndWeightsOfBefore() throws Exception {
    TrainConfig defaults = TrainConfig.defaults(Method.HDC, SPEC);
    CascadeConfig model = defaults.model().withHead(HeadKind.LINEAR).withLevelWeights(new float[] {1f, 2f, 3f});
    TrainConfig config = defaults.toBuilder().model(model).learningRate(1e-3f)
        .schedule(LrSchedule.Kind.CONSTANT).augment(false).batch(5, 4).seed(1)
        .iterations(6).keepAllPositives(false).levelLoss(LevelLoss.CONTRASTIVE).build();
    ImageCache data = ImageCache.of(TestImages.fashion("train", 20), SPEC);
    PkSampler sampler = new PkSampler(data.labels(), 5, 4, 7);
    double[] losses = new double[6];
    double weightSum;
    try (CascadeNetwork net = CascadeNetwork.create(config.model(), 1, WeightLayout.NCHW)) {
      TrainingStep step = TrainingStep.of(config, net, config.lrSchedule(), 1, 6);
      for (int s = 0; s < 6; s++) {
        int[] rows = sampler.next();
        int[] labels = Arrays.stream(rows).map(data::label).toArray();
        losses[s] = step.step(data.tensors(), rows, labels, s).loss();
      }
      weightSum = 0;
      for (var p : net.trunkParameters()) {
        for (float v : p.getArray().toFloatArray()) {
          weightSum += Math.abs(v);
        }
      }
      for (var p : net.headParameters()) {
        for (float v : p.getArray().toFloatArray()) {
          weightSum += Math.abs(v);
        }
      }
    }
    for (int s = 0; s < LOSSES.length; s++) {
      assertEquals(LOSSES[s], losses[s], LOSS_TOLERANCE * Math.max(1, LOSSES[s]), "loss of step " + s);
    }
    assertEquals(WEIGHT_SUM, weightSum, 1e-4 * WEIGHT_SUM, "sum of |weights| after six steps");
  }
}
