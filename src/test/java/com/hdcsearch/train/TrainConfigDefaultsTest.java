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
      TrainConfig c = TrainConfig.defaults(m, SPEC).toBuilder().iterations(300).build();
      LrSchedule schedule = c.lrSchedule();
      assertEquals(4e-3f, c.learningRate(), 0f, m + " rate");
      assertEquals(LrSchedule.Kind.COSINE, c.schedule(), m + " schedule");
      assertEquals(4e-3f, schedule.rate(0), 1e-9f, m + ": full rate at the first step");
      assertEquals(2e-3f, schedule.rate(150), 1e-6f, m + ": half-way down at mid-run");
      assertTrue(schedule.rate(299) < 1e-6f, m + ": close to zero at the last step, got " + schedule.rate(299));
    }
  }

  @Test
  void contrastiveKeepsAConstantRateAndTripletItsUntunedOne() {
    TrainConfig contrastive = TrainConfig.defaults(Method.CONTRASTIVE, SPEC);
    assertEquals(4e-3f, contrastive.learningRate(), 0f);
    assertEquals(LrSchedule.Kind.CONSTANT, contrastive.schedule());
    assertEquals(4e-3f, contrastive.lrSchedule().rate(contrastive.iterations() - 1), 0f);

    TrainConfig triplet = TrainConfig.defaults(Method.TRIPLET, SPEC);
    assertEquals(TrainConfig.UNTUNED_ADAM_RATE, triplet.learningRate(), 0f);
    assertEquals(LrSchedule.Kind.CONSTANT, triplet.schedule());
  }
}
