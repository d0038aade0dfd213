package com.hdcsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.nn.Parameter;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.train.CascadeTrainer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.StepRecord;
import com.hdcsearch.train.TestImages;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainResult;
import com.hdcsearch.train.TrainingListener;
import com.hdcsearch.cli.HdcCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hdc trunk fetch mobilenet-v2} builds a TorchScript trunk from npm's nsfwjs@4.4.0 with the project's
 * converter; the trunk loads with DJL, has the three stage outputs, and trains a few HDC steps on real Emoji-4V images
 * at 64 px (every trunk parameter that takes a gradient moves). Skipped, saying why, only when the npm package cannot
 * be fetched.
 */
class PretrainedTrunkTest {
  private static final ImageSpec SPEC = ImageSpec.rgb(64);

  @Test
  void unknownTrunkIsAUsageErrorNamingTheKnownOnes() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new HdcCommand());
    cli.setErr(new PrintWriter(err, true));
    assertEquals(2, cli.execute("trunk", "fetch", "resnet-50"));
    assertTrue(err.toString().contains("unknown trunk 'resnet-50': only mobilenet-v2, inception-v3"), err.toString());
  }

  @Test
  void mobileNetTrunkLoadsAndTrains(@TempDir Path dir) throws Exception {
    Path trunk = dir.resolve("mobilenet-v2.pt");
    // Through the CLI, as a user runs it: hdc trunk fetch mobilenet-v2 --out FILE (the script's output is stdout).
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new HdcCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("trunk", "fetch", "mobilenet-v2", "--out", trunk.toString());
    String log = out + "" + err;
    assumeTrue(exit == 0 || !log.contains("npm pack nsfwjs"),
        "skipped: the npm package nsfwjs@4.4.0 cannot be fetched here:\n" + log);
    assertEquals(0, exit, log);
    assertTrue(log.contains("2223872 parameters"), log);
    assertTrue(Files.size(trunk) > 8_000_000, "trunk file of " + Files.size(trunk) + " bytes");

    CascadeConfig model = CascadeConfig.builtin(SPEC).withTrunk(trunk.toString(), new int[] {64, 64, 64},
        new float[] {1, 2, 3}).withDevice("cpu");
    TrainConfig config = TrainConfig.defaults(Method.HDC, SPEC).toBuilder().model(model).iterations(4).batch(4, 2)
        .seed(3).build();
    ImageCache data = TestImages.emojiAvailable()
        ? ImageCache.of(TestImages.emoji("train", 12), SPEC)
        : TestImages.synthetic(SPEC, 8, 2, 3);
    float[][] before;
    try (CascadeNetwork fresh = CascadeNetwork.create(model, config.seed())) {
      List<Parameter> params = fresh.trunkParameters();
      before = new float[params.size()][];
      for (int i = 0; i < params.size(); i++) {
        before[i] = params.get(i).getArray().toFloatArray();
      }
    }
    try (TrainResult r = CascadeTrainer.train(config, data, TrainingListener.NONE)) {
      CascadeNetwork net = r.embedder().network();
      assertEquals(4, r.history().size());
      for (StepRecord s : r.history()) {
        assertTrue(Float.isFinite(s.loss()) && s.loss() > 0, "loss " + s.loss());
      }
      List<Parameter> params = net.trunkParameters();
      assertEquals(before.length, params.size());
      int moved = 0;
      int trainable = 0;
      for (int i = 0; i < params.size(); i++) {
        if (!params.get(i).requiresGradient()) {
          continue;
        }
        trainable++;
        float[] now = params.get(i).getArray().toFloatArray();
        for (int j = 0; j < now.length; j++) {
          if (now[j] != before[i][j]) {
            moved++;
            break;
          }
        }
      }
      assertTrue(trainable > 100, "trainable trunk arrays: " + trainable);
      assertEquals(trainable, moved, "every trainable trunk array should move in 4 Adam steps");
      float[][] e = r.embedder().embedTensors(data.tensors(), data.size());
      assertEquals(192, e[0].length);
      for (float[] row : e) {
        double norm = 0;
        for (float v : row) {
          norm += v * v;
        }
        assertEquals(1.0, norm, 1e-4);
      }
      // Each linear head's weight is (64, stage width): the stages block_5_add, block_12_add and out_relu.
      long[] widths = new long[3];
      for (int level = 0; level < 3; level++) {
        widths[level] = net.headParameters(level).get(0).getArray().getShape().get(1);
      }
      assertArrayEquals(new long[] {32, 96, 1280}, widths);
    }
  }
}
