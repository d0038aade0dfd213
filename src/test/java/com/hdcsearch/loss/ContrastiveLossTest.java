package com.hdcsearch.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.hdcsearch.mining.PairIndices;
import org.junit.jupiter.api.Test;

/**
 * Unit vectors e0=(1,0), e1=(0,1), e2=(-1,0), e3=(0.6,0.8), classes [0,0,1,1]. Squared distances: d01=2, d23=3.2
 * (positives), d02=4, d03=0.8, d12=2, d13=0.4 (negatives).
 */
class ContrastiveLossTest {
  static {
    // This test may be the first to start the engine; thread settings are read only then.
    com.hdcsearch.model.TorchThreads.configure();
  }

  private static final float[] E = {1, 0, 0, 1, -1, 0, 0.6f, 0.8f};
  private static final int[] LABELS = {0, 0, 1, 1};

  @Test
  void hdcLossOnAllPairs() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(E, new Shape(4, 2));
      LossResult r = ContrastiveLoss.hdcDefaults().compute(e, PairIndices.allPairs(LABELS));
      // Positives 2 + 3.2; negatives 10*max(0,1-0.8)=2 and 10*max(0,1-0.4)=6, the others 0.
      // Sum 13.2 over the 4 pairs with non-zero loss.
      assertEquals(3.3f, r.loss().getFloat(), 1e-5f);
      assertEquals(6, r.terms());
      assertEquals(4, r.nonZero());
    }
  }

  @Test
  void meanReducerAndFactorOne() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(E, new Shape(4, 2));
      LossResult r = new ContrastiveLoss(1f, 1f, Reducer.mean()).compute(e, PairIndices.allPairs(LABELS));
      // 2 + 3.2 + 0.2 + 0.6 = 6 over 6 pairs.
      assertEquals(1.0f, r.loss().getFloat(), 1e-5f);
    }
  }

  @Test
  void onlyGivenPairsCount() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(E, new Shape(4, 2));
      PairIndices some = new PairIndices(new int[] {2}, new int[] {3}, new int[] {1, 0}, new int[] {3, 2});
      LossResult r = ContrastiveLoss.hdcDefaults().compute(e, some);
      // 3.2 + 6 + 0 over 2 non-zero pairs.
      assertEquals(4.6f, r.loss().getFloat(), 1e-5f);
      assertEquals(2.0 / 3, r.nonZeroShare(), 1e-9);
    }
  }

  @Test
  void pmlRecipeOnEuclideanDistanceWithSeparateMeans() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(E, new Shape(4, 2));
      LossResult r = ContrastiveLoss.pml().compute(e, PairIndices.allPairs(LABELS));
      // d: positives sqrt2 = 1.414214 and sqrt3.2 = 1.788854, mean 1.601534. Negatives max(0, 1 - d) for d = 2,
      // sqrt0.8 = 0.894427, sqrt2, sqrt0.4 = 0.632456: 0, 0.105573, 0, 0.367544, mean of the two non-zero 0.236559.
      assertEquals(1.601534f + 0.236559f, r.loss().getFloat(), 1e-5f);
      assertEquals(6, r.terms());
      assertEquals(4, r.nonZero());
    }
  }

  @Test
  void euclideanWithOneSumAndAPositiveMargin() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(E, new Shape(4, 2));
      // The released code's reduction on d: (1.414214 + 1.788854 + 0.105573 + 0.367544) / 4 non-zero pairs.
      LossResult one = ContrastiveLoss.of(PairDistance.EUCLIDEAN, 0f, 1f, 1f, LossReduction.NON_ZERO_MEAN)
          .compute(e, PairIndices.allPairs(LABELS));
      assertEquals(3.676185f / 4, one.loss().getFloat(), 1e-5f);
      // Positive margin 1.5: only (2,3) costs, 1.788854 - 1.5; negatives at margin 2 weighted 3: 3 * (2 - d)
      // = 0, 3.316719, 1.757359, 4.102633; separate means 0.288854 + 9.176711 / 3.
      LossResult margins = ContrastiveLoss.of(PairDistance.EUCLIDEAN, 1.5f, 2f, 3f,
          LossReduction.SEPARATE_NON_ZERO_MEAN).compute(e, PairIndices.allPairs(LABELS));
      assertEquals(0.288854f + 9.176711f / 3, margins.loss().getFloat(), 1e-4f);
      assertEquals(4, margins.nonZero());
    }
  }

  @Test
  void euclideanGradientIsTheSquaredOneOverTwoD() {
    try (NDManager m = NDManager.newBaseManager()) {
      // One positive pair (0, 1) of the vectors above: d(d)/de0 = (e0 - e1) / d, d(d2)/de0 = 2 (e0 - e1).
      PairIndices one = new PairIndices(new int[] {0}, new int[] {1}, new int[0], new int[0]);
      float[][] grads = new float[2][];
      PairDistance[] kinds = {PairDistance.SQUARED, PairDistance.EUCLIDEAN};
      for (int k = 0; k < 2; k++) {
        NDArray e = m.create(E, new Shape(4, 2));
        e.setRequiresGradient(true);
        try (var collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
          collector.backward(ContrastiveLoss.of(kinds[k], 0f, 1f, 1f, LossReduction.NON_ZERO_MEAN)
              .compute(e, one).loss());
        }
        grads[k] = e.getGradient().toFloatArray();
      }
      assertEquals(2f, grads[0][0], 1e-5f);
      assertEquals(-2f, grads[0][1], 1e-5f);
      assertEquals((float) (1 / Math.sqrt(2)), grads[1][0], 1e-5f);
      assertEquals((float) (-1 / Math.sqrt(2)), grads[1][1], 1e-5f);
    }
  }

  @Test
  void rejectsAPositiveMarginAtOrAboveTheNegativeOne() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ContrastiveLoss.of(PairDistance.EUCLIDEAN, 1f, 1f, 1f, LossReduction.NON_ZERO_MEAN));
    assertEquals("positive margin must be in [0, margin 1.0), got: 1.0", e.getMessage());
  }

  @Test
  void tripletMarginLoss() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(E, new Shape(4, 2));
      // d(0,1)=sqrt2=1.41421, d(0,3)=sqrt0.8=0.89443: 1.41421-0.89443+0.2 = 0.71979; d(0,2)=2: max(0, -0.38579)=0.
      LossResult r = new TripletMarginLoss(0.2f, Reducer.nonZeroMean()).compute(e,
          new com.hdcsearch.mining.TripletIndices(new int[] {0, 0}, new int[] {1, 1}, new int[] {3, 2}));
      assertEquals(0.71979f, r.loss().getFloat(), 1e-4f);
      assertEquals(1, r.nonZero());
    }
  }
}
