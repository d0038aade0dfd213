package com.hdcsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TestImages;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainResult;
import com.hdcsearch.train.CascadeTrainer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.TrainingListener;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved checkpoint loads back to bit-identical embeddings, through the serving entry point. */
class CheckpointRoundTripTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(24);

  @Test
  void loadedCheckpointEmbedsBitForBit(@TempDir Path dir) throws Exception {
    ImageCache data = TestImages.synthetic(SPEC, 6, 4, 11);
    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().iterations(5).batch(3, 4).build();
    List<BufferedImage> images = List.of(drawn(Color.RED, 3), drawn(Color.BLUE, 9), drawn(Color.GREEN, 14));
    float[][] before;
    try (TrainResult r = CascadeTrainer.train(config, data, TrainingListener.NONE)) {
      before = r.embedder().embed(images);
      CheckpointManifest manifest = new CheckpointManifest("hdc-test-1", config.model(), "synthetic", config.seed(),
          config.iterations(), config.toMap(), Map.of("loss", (double) r.history().getLast().loss()),
          Instant.now().toString());
      Checkpoints.save(r.embedder().network(), manifest, dir);
    }
    try (CascadeEmbedder loaded = EmbedderLoader.load(dir)) {
      assertEquals("hdc-test-1", loaded.modelVersion());
      assertEquals(192, loaded.dimension());
      assertEquals(SPEC, loaded.imageSpec());
      float[][] after = loaded.embed(images);
      for (int i = 0; i < before.length; i++) {
        assertArrayEquals(before[i], after[i], 0f);
      }
      double norm = 0;
      for (float v : after[0]) {
        norm += v * v;
      }
      assertEquals(1.0, norm, 1e-5);
    }
    try (CascadeEmbedder untrained = EmbedderLoader.untrained(SPEC, 1)) {
      assertNotEquals(before[0][0], untrained.embed(images)[0][0]);
      assertEquals("untrained-1", untrained.modelVersion());
    }
    CheckpointManifest read = Checkpoints.manifest(dir);
    assertEquals(5, read.steps());
    assertEquals(config.model(), read.model());
  }

  private static BufferedImage drawn(Color color, int offset) {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillOval(offset, offset / 2, 14, 18);
    g.dispose();
    return image;
  }
}
