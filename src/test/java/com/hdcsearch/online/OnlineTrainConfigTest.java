package com.hdcsearch.online;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.train.LrSchedule;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TrainConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OnlineTrainConfigTest {
  @Test
  void theStreamTrainsAtAConstantRateWhateverTheOfflineDefaultSchedule() {
    OnlineOptions options = new OnlineOptions("hdc", "cascade", 3, 8, 4, 4, 2e-3f, 0.5, 10_000, 100_000_000L,
        0.2, 0.1, 500, 50, Duration.ofSeconds(30), 0.0, 0.02, 5, 1000, 16, "");
    ImageSpec spec = ImageSpec.grey(28);
    assertEquals(LrSchedule.Kind.COSINE, TrainConfig.defaults(Method.HDC, spec).schedule(),
        "the offline default this test guards against");

    TrainConfig online = OnlineLearner.trainConfig(options, spec);

    assertEquals(LrSchedule.Kind.CONSTANT, online.schedule());
    assertEquals(2e-3f, online.learningRate(), 0f, "hdc.online.learning-rate, not the offline rate");
    LrSchedule rate = online.lrSchedule();
    assertEquals(2e-3f, rate.rate(online.iterations() - 1), 0f, "no decay at the offline budget's end");
    assertEquals(8, online.classesPerBatch());
    assertEquals(3, online.seed());
  }

  @Test
  void theStreamStartsAtItsFullRateEvenForAMethodWhoseOfflineDefaultWarmsUp() {
    OnlineOptions options = new OnlineOptions("contrastive", "cascade", 3, 8, 4, 4, 2e-3f, 0.5, 10_000,
        100_000_000L, 0.2, 0.1, 500, 50, Duration.ofSeconds(30), 0.0, 0.02, 5, 1000, 16, "");
    ImageSpec spec = ImageSpec.grey(28);
    assertEquals(30, TrainConfig.defaults(Method.CONTRASTIVE, spec).warmupSteps(),
        "the offline default this test guards against");

    TrainConfig online = OnlineLearner.trainConfig(options, spec);

    assertEquals(0, online.warmupSteps());
    assertEquals(2e-3f, online.lrSchedule().rate(0), 0f, "the full online rate from the first step");
  }
}
