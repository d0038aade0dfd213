package com.hdcsearch.stream;

import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.model.Checkpoints;
import com.hdcsearch.train.CascadeTrainer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainResult;
import com.hdcsearch.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A real HDC checkpoint for the pipeline tests: the built-in cascade trained briefly (seeded) on Fashion-MNIST test
 * images that the tests never send to the catalog (they use the first {@link #FIRST_TRAIN_IMAGE}), in the catalog's
 * own look (dark garments on white), then written and read back through the production checkpoint format.
 */
public final class TestCheckpoints {
  /** Catalog tests use images before this index; training uses this one and after. */
  public static final int FIRST_TRAIN_IMAGE = 400;
  public static final int TRAIN_IMAGES = 1000;
  public static final String VERSION = "fashion-hdc-test";
  public static final ImageSpec SPEC = ImageSpec.grey(28);

  private TestCheckpoints() {}

  /** Trains and writes the checkpoint to {@code dir} (about 10 s on 2 cores); returns {@code dir}. */
  public static Path trainFashion(Path dir) throws IOException {
    List<TestImages.Item> items =
        TestImages.fashionMnist(FIRST_TRAIN_IMAGE + TRAIN_IMAGES).subList(FIRST_TRAIN_IMAGE, FIRST_TRAIN_IMAGE + TRAIN_IMAGES);
    ImagePreprocessor preprocessor = new ImagePreprocessor(SPEC);
    float[] tensors = new float[items.size() * SPEC.tensorLength()];
    int[] labels = new int[items.size()];
    Map<String, Integer> classIds = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(items.get(i).png()));
      preprocessor.toTensor(image, tensors, i * SPEC.tensorLength());
      labels[i] = classIds.computeIfAbsent(items.get(i).label(), k -> classIds.size());
    }
    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().seed(3).iterations(60).batch(10, 8).build();
    try (TrainResult r = CascadeTrainer.train(config, new ImageCache(SPEC, tensors, labels), TrainingListener.NONE)) {
      CheckpointManifest manifest = new CheckpointManifest(VERSION, config.model(), "fashion-mnist-test-images",
          config.seed(), config.iterations(), config.toMap(), Map.of("loss", (double) r.history().getLast().loss()),
          Instant.now().toString());
      Checkpoints.save(r.embedder().network(), manifest, dir);
    }
    return dir;
  }
}
