package com.hdcsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.image.ImageSpec;
import org.junit.jupiter.api.Test;

/** Each method's optimizer defaults are the ones its validation run chose (load-tests/bench-quality.md). */
class TrainConfigDefaultsTest {
  private static final ImageSpec SPEC = ImageSpec.grey(28);

  @Test
  void hdcAndMultiSimilarityDecayOnACosineFromTheirValidatedRate() {
    for (Method m : new Method[] {Method.HDC, Method.MS}) {
      float rate = m == Method.MS ? 6e-3f : 4e-3f;
      TrainConfig c = TrainConfig.defaults(m, SPEC).toBuilder().iterations(300).build();
      LrSchedule schedule = c.lrSchedule();
      assertEquals(rate, c.learningRate(), 0f, m + " rate");
      assertEquals(LrSchedule.Kind.COSINE, c.schedule(), m + " schedule");
      assertEquals(0, c.warmupSteps(), m + " warm-up");
      assertEquals(rate, schedule.rate(0), 1e-9f, m + ": full rate at the first step");
      assertEquals(rate / 2, schedule.rate(150), 1e-6f, m + ": half-way down at mid-run");
      assertTrue(schedule.rate(299) < 1e-6f, m + ": close to zero at the last step, got " + schedule.rate(299));
    }
  }

  @Test
  void contrastiveWarmsUpToAConstantRateAndTripletKeepsItsUntunedOne() {
    TrainConfig contrastive = TrainConfig.defaults(Method.CONTRASTIVE, SPEC);
    LrSchedule schedule = contrastive.lrSchedule();
    assertEquals(4e-3f, contrastive.learningRate(), 0f);
    assertEquals(LrSchedule.Kind.CONSTANT, contrastive.schedule());
    assertEquals(30, contrastive.warmupSteps());
    assertEquals(4e-3f / 30, schedule.rate(0), 1e-9f, "a thirtieth of the rate at the first step");
    assertEquals(4e-3f / 2, schedule.rate(14), 1e-9f, "half the rate at step 15");
    assertEquals(4e-3f, schedule.rate(29), 0f, "the full rate from step 30");
    assertEquals(4e-3f, schedule.rate(contrastive.iterations() - 1), 0f);

    TrainConfig triplet = TrainConfig.defaults(Method.TRIPLET, SPEC);
    assertEquals(TrainConfig.UNTUNED_ADAM_RATE, triplet.learningRate(), 0f);
    assertEquals(LrSchedule.Kind.CONSTANT, triplet.schedule());
    assertEquals(0, triplet.warmupSteps());
  }
}
