package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.model.Checkpoints;
import com.hdcsearch.model.EmbedderLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train} end to end on Fashion-MNIST: a loadable checkpoint with a complete manifest. */
class TrainCommandTest {
  @Test
  void writesALoadableCheckpoint(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")) || Files.isDirectory(com.hdcsearch.data.DataRoots.fromEnvironment().root("fashion-mnist")), "Fashion-MNIST not installed");
    Path out = dir.resolve("ckpt");
    int rc = new CommandLine(new TrainCommand()).execute("--dataset", "fashion-mnist", "--method", "hdc",
        "--mining", "cascade", "--iterations", "15", "--batch", "5x4", "--seed", "3", "--no-eval", "--out",
        out.toString());
    assertEquals(0, rc);
    CheckpointManifest m = Checkpoints.manifest(out);
    assertEquals("fashion-mnist", m.dataset());
    assertEquals(15, m.steps());
    assertEquals("cascade", m.training().get("mining"));
    assertTrue(m.metrics().get("imagesPerSecond") > 0);
    try (CascadeEmbedder e = EmbedderLoader.load(out)) {
      assertEquals(m.versionId(), e.modelVersion());
      assertEquals(192, e.embed(List.of(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY)))[0].length);
    }
  }
}
