package com.hdcsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.train.CascadeTrainer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TestImages;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainResult;
import com.hdcsearch.train.TrainingListener;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-output TorchScript trunk (src/test/resources/torchscript) trains, embeds and round-trips. */
class TorchScriptTrunkTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(16);

  @Test
  void trainsAndEmbeds(@TempDir Path dir) throws Exception {
    Path file = Path.of(getClass().getResource("/torchscript/two_level_trunk.pt").toURI());
    CascadeConfig model = CascadeConfig.builtin(SPEC).withTrunk(file.toString(), new int[] {8, 8}, new float[] {1, 2})
        .withDevice("cpu");
    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().model(model).keepRatios(1.0, 0.5)
        .iterations(60).batch(4, 4).augment(false).build();
    ImageCache data = TestImages.synthetic(SPEC, 8, 4, 5);
    float[] initialConv;
    try (CascadeNetwork fresh = CascadeNetwork.create(model, config.seed())) {
      assertArrayEquals(new int[] {8, 16}, new int[] {fresh.trunkParameters().get(0).getArray().getShape().head() == 8
          ? 8 : -1, 16});
      initialConv = fresh.trunkParameters().get(0).getArray().toFloatArray();
    }
    try (TrainResult r = CascadeTrainer.train(config, data, TrainingListener.NONE)) {
      Parameter conv1 = r.embedder().network().trunkParameters().get(0);
      float[] trained = conv1.getArray().toFloatArray();
      double moved = 0;
      for (int i = 0; i < trained.length; i++) {
        moved = Math.max(moved, Math.abs(trained[i] - initialConv[i]));
      }
      assertTrue(moved > 1e-3, "TorchScript parameters must change, moved " + moved);
      double first = r.meanLoss(true, 10);
      double last = r.meanLoss(false, 10);
      assertTrue(last < 0.8 * first, "loss should fall: first " + first + ", last " + last);
      float[][] e = r.embedder().embedTensors(data.tensors(), data.size());
      assertEquals(16, e[0].length);
      Checkpoints.save(r.embedder().network(), new CheckpointManifest("ts-1", model, "synthetic", 1, 60, Map.of(),
          Map.of(), "now"), dir);
      try (CascadeEmbedder loaded = EmbedderLoader.load(dir)) {
        float[][] again = loaded.embedTensors(data.tensors(), data.size());
        for (int i = 0; i < e.length; i++) {
          assertArrayEquals(e[i], again[i], 0f);
        }
      }
    }
  }
}
