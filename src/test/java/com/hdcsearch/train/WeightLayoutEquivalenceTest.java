package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.model.WeightLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The weight layout is a speed choice, not a computation: from the same seed, NCHW and channels-last weights give the
 * same embeddings, and the product's HDC step (the default objective and network) the same loss, gradients and
 * BatchNorm statistics, within float rounding. One step, not a trajectory: Adam turns the rounding noise of a near-zero gradient into a
 * whole step of either sign, and a rounding difference can flip hard mining's choice at a keep boundary, after which
 * two trajectories of the same computation part (on the figures of {@link TrainingStepEquivalenceTest}: within
 * 3.2e-4 for four steps, then 6.4e-3 and 4.4e-2). A changed computation (a rate, a reduction, a pair choice) moves
 * the first loss by 1e-2 or more.
 */
class WeightLayoutEquivalenceTest {
  private static final ImageSpec SPEC = ImageSpec.grey(28);

  @Test
  void bothLayoutsEmbedAlikeAndTakeTheSameFirstStep() throws Exception {
    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().augment(false).batch(5, 4).seed(1)
        .iterations(1).build();
    ImageCache data = ImageCache.of(TestImages.fashion("train", 20), SPEC);
    int[] rows = new PkSampler(data.labels(), 5, 4, 7).next();
    Run nchw = run(config, data, rows, WeightLayout.NCHW);
    Run channelsLast = run(config, data, rows, WeightLayout.CHANNELS_LAST);

    double embeddingDiff = 0;
    for (int i = 0; i < nchw.embeddings.length; i++) {
      for (int d = 0; d < nchw.embeddings[i].length; d++) {
        embeddingDiff = Math.max(embeddingDiff, Math.abs(nchw.embeddings[i][d] - channelsLast.embeddings[i][d]));
      }
    }
    assertEquals(nchw.gradients.size(), channelsLast.gradients.size());
    double worstGradient = 0;
    for (int p = 0; p < nchw.gradients.size(); p++) {
      worstGradient = Math.max(worstGradient, relativeDifference(nchw.gradients.get(p), channelsLast.gradients.get(p)));
    }
    System.out.printf("loss %.9f vs %.9f; largest embedding difference %.3g; worst relative gradient difference "
        + "%.3g over %d parameters%n", nchw.loss, channelsLast.loss, embeddingDiff, worstGradient,
        nchw.gradients.size());
    assertTrue(embeddingDiff < 1e-5, "largest embedding difference " + embeddingDiff);
    assertEquals(nchw.loss, channelsLast.loss, 1e-5 * Math.max(1, nchw.loss), "loss of the first step");
    assertTrue(worstGradient < 1e-3, "worst relative gradient difference " + worstGradient);
  }

  /** |a - b| / |a| in the Euclidean norm; a parameter whose gradient is zero on both sides counts 0. */
  private static double relativeDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
      norm += a[i] * (double) a[i];
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }

  private record Run(float[][] embeddings, double loss, List<float[]> gradients) {}

  private static Run run(TrainConfig config, ImageCache data, int[] rows, WeightLayout layout) throws Exception {
    int len = SPEC.tensorLength();
    float[] batch = Arrays.copyOf(data.tensors(), 10 * len);
    List<float[]> gradients = new ArrayList<>();
    CascadeNetwork net = CascadeNetwork.create(config.model(), config.seed(), layout);
    try (CascadeEmbedder embedder = new CascadeEmbedder(net, "layout-" + layout)) {
      float[][] embeddings = embedder.embedTensors(batch, 10);
      TrainingStep step = TrainingStep.of(config, net, config.lrSchedule(), 1, 1);
      int[] labels = Arrays.stream(rows).map(data::label).toArray();
      double loss = step.step(data.tensors(), rows, labels, 0).loss();
      List<Parameter> params = new ArrayList<>(net.trunkParameters());
      params.addAll(net.headParameters());
      for (Parameter p : params) {
        // BatchNorm's running statistics have no gradient: their values after the step stand in for one.
        gradients.add(p.getArray().hasGradient() ? p.getArray().getGradient().toFloatArray()
            : p.getArray().toFloatArray());
      }
      return new Run(embeddings, loss, gradients);
    }
  }
}
