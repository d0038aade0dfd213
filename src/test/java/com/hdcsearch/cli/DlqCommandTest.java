package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.stream.PipelineHarness;
import com.hdcsearch.stream.RejectReason;
import com.hdcsearch.stream.TestCheckpoints;
import com.hdcsearch.stream.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hdc dlq inspect} and {@code replay} against a real broker and pipeline: images refused by a limit set too
 * low are dead-lettered; after the limit is raised (the pipeline restarted on its data), replaying them makes them
 * searchable, and only the chosen ones are sent again.
 */
class DlqCommandTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Below any of the test PNGs (about 300 bytes): they are refused as TOO_MANY_BYTES. */
  private static final int TOO_LOW_IMAGE_BYTES = 100;
  private static final int REFUSED = 3;

  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  static Run hdc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new HdcCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void inspectListsDeadLettersByReasonAndReplayResendsTheChosenOnes() throws Exception {
    List<TestImages.Item> images = TestImages.fashionMnist(REFUSED);
    String app = "dlq-" + System.nanoTime();
    try (CascadeEmbedder model = EmbedderLoader.untrained(TestCheckpoints.SPEC, 3);
        PipelineHarness kafka = new PipelineHarness(Files.createTempDirectory("hdc-dlq-kafka"))) {
      String bootstrap = kafka.broker.bootstrapServers();
      try (var run = kafka.start(model, tmp.resolve("index"), tmp.resolve("state"), app, TOO_LOW_IMAGE_BYTES,
          PipelineHarness.MAX_IMAGE_PIXELS)) {
        for (int i = 0; i < REFUSED; i++) {
          kafka.send("big-" + i, TestImages.catalogImage("big-" + i, images.get(i).label(), images.get(i).png()));
        }
        kafka.send("json-1", "{\"itemId\":\"json-1\"}".getBytes(StandardCharsets.UTF_8));
        kafka.producer.flush();
        PipelineHarness.await(TIMEOUT, () -> run.metrics.deadLettered(RejectReason.TOO_MANY_BYTES) == REFUSED
            && run.metrics.deadLettered(RejectReason.BAD_SCHEMA) == 1, "four dead letters");
      }

      Run all = hdc("dlq", "inspect", "--bootstrap", bootstrap);
      assertEquals(0, all.exit(), all.err());
      System.out.print(all.out());
      assertTrue(all.out().contains("dead letters: 4 {BAD_SCHEMA=1, TOO_MANY_BYTES=3}"), all.out());
      assertTrue(all.out().contains("key=json-1  bytes=19"), all.out());
      Run refused = hdc("dlq", "inspect", "--bootstrap", bootstrap, "--reason", "TOO_MANY_BYTES");
      assertEquals(REFUSED + 1, refused.out().lines().count(), refused.out());
      assertTrue(refused.out().lines().limit(REFUSED).allMatch(l -> l.contains("TOO_MANY_BYTES")
          && l.contains("limit " + TOO_LOW_IMAGE_BYTES)), refused.out());

      Run unchosen = hdc("dlq", "replay", "--bootstrap", bootstrap);
      assertEquals(2, unchosen.exit(), "replay needs a choice");
      assertTrue(unchosen.err().contains("--reason"), unchosen.err());
      Run dry = hdc("dlq", "replay", "--bootstrap", bootstrap, "--key", "big-1", "--dry-run");
      assertTrue(dry.out().contains("dry run: 1 dead letters chosen"), dry.out());

      // The fix: the service runs again on its data with the limit raised; the refused images are replayed.
      try (var run = kafka.start(model, tmp.resolve("index"), tmp.resolve("state"), app,
          PipelineHarness.MAX_IMAGE_BYTES, PipelineHarness.MAX_IMAGE_PIXELS)) {
        Run replay = hdc("dlq", "replay", "--bootstrap", bootstrap, "--reason", "TOO_MANY_BYTES");
        assertEquals(0, replay.exit(), replay.err());
        assertTrue(replay.out().contains("replayed 3 of 3 dead letters to catalog.images (0 skipped)"),
            replay.out());
        PipelineHarness.await(TIMEOUT, () -> run.index().size() == REFUSED, "the replayed images searchable");
        for (int i = 0; i < REFUSED; i++) {
          assertEquals(images.get(i).label(), run.index().get("big-" + i).orElseThrow().label());
        }
        assertTrue(run.index().get("json-1").isEmpty(), "not chosen, not replayed");
      }
      Run after = hdc("dlq", "inspect", "--bootstrap", bootstrap);
      assertTrue(after.out().contains("dead letters: 4 "), "no new dead letters: " + after.out());
    }
  }
}
