package com.hdcsearch.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TrainConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuningGridTest {
  @Test
  void crossesTheSharedGridWithEachMethodsOwn() {
    TuningGrid grid = new TuningGrid("lr=1e-3|5e-4", Map.of("hdc", "keep=1:0.5:0.2|1:1:1",
        "contrastive", "margin=0.8|1"));
    assertEquals(List.of("lr=1e-3,keep=1:0.5:0.2", "lr=1e-3,keep=1:1:1", "lr=5e-4,keep=1:0.5:0.2",
        "lr=5e-4,keep=1:1:1"), grid.configurations("hdc"));
    assertEquals(List.of("lr=1e-3", "lr=5e-4"), grid.configurations("ms"));
    grid.checkEqualBudget(List.of("hdc", "contrastive"));
    var e = assertThrows(IllegalArgumentException.class, () -> grid.checkEqualBudget(List.of("hdc", "ms")));
    assertTrue(e.getMessage().startsWith("unequal tuning budget {hdc=4, ms=2}"), e.getMessage());
    // Every configuration is a valid override string.
    TrainConfig c = ConfigOverrides.apply(TrainConfig.defaults(Method.HDC, ImageSpec.rgb(16)),
        grid.configurations("hdc").get(3));
    assertEquals(5e-4f, c.learningRate());
    assertEquals(1.0, c.keepRatios()[2]);
  }

  @Test
  void noGridIsOneConfigurationAndBadAxesAreNamed() {
    assertEquals(List.of(""), TuningGrid.none().configurations("hdc"));
    var e = assertThrows(IllegalArgumentException.class, () -> new TuningGrid("lr", Map.of()));
    assertEquals("a grid axis must be key=v1|v2, got: lr", e.getMessage());
    var unknown = assertThrows(IllegalArgumentException.class,
        () -> new TuningGrid(null, Map.of("triplet", "lr=1|2")).checkKnownMethods(List.of("hdc")));
    assertTrue(unknown.getMessage().contains("names triplet, which no run trains"), unknown.getMessage());
  }

  @Test
  void seedStatsAreMeanAndSampleSd() {
    SeedStats s = SeedStats.of(new double[] {0.40, 0.42, 0.44});
    assertEquals(0.42, s.mean(), 1e-12);
    assertEquals(0.02, s.sd(), 1e-12);
    assertEquals("42.0 ± 2.0", s.percent());
    assertEquals("40.0", SeedStats.of(new double[] {0.4}).percent());
  }
}
