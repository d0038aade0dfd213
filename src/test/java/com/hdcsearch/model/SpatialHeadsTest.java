package com.hdcsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.train.CascadeTrainer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TestImages;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainResult;
import com.hdcsearch.train.TrainingListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HeadKind#SPATIAL}: the shallow levels see where things are, the deepest level stays the baselines' head. */
class SpatialHeadsTest {

  @Test
  void shallowHeadsPoolToAGridAndTheDeepestStaysLinear() throws Exception {
    // 28 px grey: stages of 14x14 and 7x7, neither a multiple of the grid's 4 (adaptive bins).
    ImageSpec spec = ImageSpec.grey(28);
    CascadeConfig linear = CascadeConfig.builtin(spec).withHead(HeadKind.LINEAR).withDevice("cpu");
    try (CascadeNetwork spatial = CascadeNetwork.create(linear.withHead(HeadKind.SPATIAL), 3);
        CascadeNetwork plain = CascadeNetwork.create(linear, 3);
        NDManager batch = spatial.manager().newSubManager()) {
      assertEquals(List.of(new Shape(64, 32, 1, 1), new Shape(64), new Shape(64, 64 * 16), new Shape(64)),
          shapes(spatial.headParameters(0)));
      assertEquals(List.of(new Shape(64, 64, 1, 1), new Shape(64), new Shape(64, 64 * 16), new Shape(64)),
          shapes(spatial.headParameters(1)));
      assertEquals(shapes(plain.headParameters(2)), shapes(spatial.headParameters(2)));
      assertEquals(List.of(new Shape(64, 128), new Shape(64)), shapes(spatial.headParameters(2)));

      try (CascadeNetwork all = CascadeNetwork.create(linear.withHead(HeadKind.SPATIAL_ALL), 3)) {
        assertEquals(List.of(new Shape(64, 128, 1, 1), new Shape(64), new Shape(64, 64 * 16), new Shape(64)),
            shapes(all.headParameters(2)));
        // The deepest stage of a 28 px image is 3x3: adaptive pooling to 4x4 repeats cells rather than failing.
        assertEquals(new Shape(2, 64), all.forward(batch.randomUniform(0f, 1f, new Shape(2, 1, 28, 28)), false)
            .get(2).getShape());
      }
      NDArray images = batch.randomUniform(0f, 1f, new Shape(5, 1, 28, 28));
      NDList levels = spatial.forward(images, false);
      assertEquals(3, levels.size());
      for (NDArray level : levels) {
        assertEquals(new Shape(5, 64), level.getShape());
        float[] norms = level.square().sum(new int[] {1}).toFloatArray();
        for (float n : norms) {
          assertEquals(1f, n, 1e-5f);
        }
      }
    }
  }

  @Test
  void aSpatialHeadTellsApartArrangementsWithTheSameAverage() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      SequentialBlock grid = EmbeddingHeads.create(manager, HeadKind.SPATIAL, true, 3, 8, 16);
      SequentialBlock pooled = EmbeddingHeads.create(manager, HeadKind.LINEAR, false, 3, 8, 16);
      ParameterStore store = new ParameterStore(manager, false);
      NDArray map = manager.randomUniform(0f, 1f, new Shape(1, 3, 12, 12));
      NDArray mirrored = map.flip(3);
      float[] a = grid.forward(store, new NDList(map), false).singletonOrThrow().toFloatArray();
      float[] b = grid.forward(store, new NDList(mirrored), false).singletonOrThrow().toFloatArray();
      assertEquals(8, a.length);
      assertFalse(Arrays.equals(a, b), "the grid head sees the mirror image as different");
      // The global average of the two maps is the same, so a pooled head cannot tell them apart.
      NDArray avgA = map.mean(new int[] {3}).mean(new int[] {2});
      NDArray avgB = mirrored.mean(new int[] {3}).mean(new int[] {2});
      assertArrayEquals(pooled.forward(store, new NDList(avgA), false).singletonOrThrow().toFloatArray(),
          pooled.forward(store, new NDList(avgB), false).singletonOrThrow().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void trainsAndLoadsBackBitForBit(@TempDir Path dir) throws Exception {
    ImageSpec spec = ImageSpec.rgb(24);
    ImageCache data = TestImages.synthetic(spec, 6, 4, 11);
    TrainConfig base = TrainConfig.defaults(Method.HDC, spec).toBuilder().iterations(4).batch(3, 4).build();
    TrainConfig config = base.toBuilder().model(base.model().withHead(HeadKind.SPATIAL)).build();
    float[] tensors = new float[3 * spec.channels() * 24 * 24];
    Random random = new Random(5);
    for (int i = 0; i < tensors.length; i++) {
      tensors[i] = random.nextFloat() * 2 - 1;
    }
    try (TrainResult r = CascadeTrainer.train(config, data, TrainingListener.NONE)) {
      float[] before = r.embedder().network().headParameters(0).get(0).getArray().toFloatArray();
      assertTrue(r.history().getLast().loss() > 0, "the spatial cascade trained with a non-zero loss");
      float[][] embedded = r.embedder().embedTensors(tensors, 3);
      CheckpointManifest manifest = new CheckpointManifest("spatial-1", config.model(), "synthetic", config.seed(),
          config.iterations(), config.toMap(), Map.of(), Instant.now().toString());
      Checkpoints.save(r.embedder().network(), manifest, dir);
      try (CascadeEmbedder loaded = EmbedderLoader.load(dir)) {
        assertEquals(HeadKind.SPATIAL, loaded.network().config().head());
        assertArrayEquals(before, loaded.network().headParameters(0).get(0).getArray().toFloatArray(), 0f);
        float[][] again = loaded.embedTensors(tensors, 3);
        for (int i = 0; i < embedded.length; i++) {
          assertArrayEquals(embedded[i], again[i], 0f);
        }
      }
    }
  }

  private static List<Shape> shapes(List<Parameter> params) {
    return params.stream().map(p -> p.getArray().getShape()).toList();
  }
}
