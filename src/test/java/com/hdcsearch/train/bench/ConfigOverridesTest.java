package com.hdcsearch.train.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.loss.LossReduction;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TrainConfig;
import org.junit.jupiter.api.Test;

class ConfigOverridesTest {
  @Test
  void appliesRound2Keys() {
    TrainConfig base = TrainConfig.defaults(Method.HDC, ImageSpec.rgb(32));
    assertEquals(LossReduction.NON_ZERO_MEAN, base.reduction());
    TrainConfig c = ConfigOverrides.apply(base, "reduce=mean,mining=cascade_full_last,keep=1:0.5:1,negFactor=2");
    assertEquals(LossReduction.MEAN, c.reduction());
    assertEquals(MiningVariant.CASCADE_FULL_LAST, c.mining());
    assertArrayEquals(new double[] {1, 0.5, 1}, c.keepRatios());
    assertEquals(2f, c.negativeFactor());
    assertEquals(LossReduction.NON_ZERO_MEAN, ConfigOverrides.apply(c, "reduce=nonzero").reduction());
    assertArrayEquals(new double[] {1, 1, 1}, base.levelLossWeights());
    assertArrayEquals(new double[] {0.5, 0.5, 1}, ConfigOverrides.apply(c, "lossWeights=0.5:0.5:1").levelLossWeights());
  }

  @Test
  void uniformLossWeightsFollowTheModelsLevelCount() {
    TrainConfig base = TrainConfig.defaults(Method.HDC, ImageSpec.rgb(32));
    var twoLevels = base.model().withTrunk("two.pt", new int[] {16, 16}, new float[] {1f, 1f});
    TrainConfig c = base.toBuilder().model(twoLevels).keepRatios(1.0, 0.5).build();
    assertArrayEquals(new double[] {1, 1}, c.levelLossWeights());
    // Weights set on purpose are not silently resized: a mismatch is an error naming the counts.
    var custom = base.toBuilder().levelLossWeights(0.5, 1, 2).model(twoLevels).keepRatios(1.0, 0.5);
    var e = assertThrows(IllegalArgumentException.class, custom::build);
    assertTrue(e.getMessage().contains("one loss weight per level (2)"), e.getMessage());
  }

  @Test
  void pmlRecipeSetsTheReferenceContrastive() {
    TrainConfig c = ConfigOverrides.apply(TrainConfig.defaults(Method.CONTRASTIVE, ImageSpec.rgb(32)), "recipe=pml");
    assertEquals(com.hdcsearch.loss.PairDistance.EUCLIDEAN, c.pairDistance());
    assertEquals(0f, c.positiveMargin());
    assertEquals(1f, c.margin());
    assertEquals(1f, c.negativeFactor());
    assertEquals(LossReduction.SEPARATE_NON_ZERO_MEAN, c.reduction());
    assertEquals(com.hdcsearch.model.CascadeConfig.BUILTIN_BIAS_TRUNK, c.model().trunk());
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, c.model().spec().mean());
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, c.model().spec().std());
    TrainConfig same = TrainConfig.defaults(Method.CONTRASTIVE, ImageSpec.rgb(32));
    assertEquals(same.toMap(), ConfigOverrides.apply(same, "recipe=default").toMap());
    var e = assertThrows(IllegalArgumentException.class, () -> ConfigOverrides.apply(same, "recipe=keras"));
    assertEquals("unknown recipe: keras (known: default, pml)", e.getMessage());
    var bad = assertThrows(IllegalArgumentException.class, () -> ConfigOverrides.apply(same, "reduce=median"));
    assertEquals("reduce must be nonzero, mean or separate, got: median", bad.getMessage());
  }
}
