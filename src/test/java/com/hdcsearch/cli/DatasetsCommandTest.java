package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.readers.EmojiFixture;
import com.hdcsearch.data.readers.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetsCommandTest {
  @TempDir static Path dir;
  private static Path emoji;

  @BeforeAll
  static void fixtures() {
    emoji = EmojiFixture.write(dir.resolve("base").resolve("emoji"));
  }

  /** Exit code, stdout and stderr of one run. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DatasetsCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void inspectPrintsJsonCounts() {
    Run r = run("inspect", "emoji", "--root", emoji.toString(), "--json");
    assertEquals(0, r.exit(), r.err());
    int train = EmojiFixture.CLASSES / 2;
    // Class sizes depend on the seed; the total is fixed, so check it from the JSON's own numbers.
    assertTrue(r.out().startsWith("{\"dataset\":\"emoji\",\"splits\":{\"train\":{\"classes\":" + train + ",\"images\":"),
        r.out());
    assertTrue(r.out().contains("\"test\":{\"classes\":" + (EmojiFixture.CLASSES - train) + ",\"images\":"), r.out());
    int trainImages = Integer.parseInt(r.out().replaceAll("(?s).*\"train\":\\{\"classes\":\\d+,\"images\":(\\d+).*", "$1"));
    int testImages = Integer.parseInt(r.out().replaceAll("(?s).*\"test\":\\{\"classes\":\\d+,\"images\":(\\d+).*", "$1"));
    assertEquals(EmojiFixture.IMAGES, trainImages + testImages);
  }

  @Test
  void inspectJsonIsExactWhenEveryClassHasTwoViews() {
    // With apple and google only, each of the 22 kept classes has exactly 2 views, whatever the seed.
    for (String seed : new String[] {"0", "5"}) {
      Run r = run("inspect", "emoji", "--root", emoji.toString(), "--vendors", "apple,google", "--split-seed", seed, "--json");
      assertEquals(0, r.exit(), r.err());
      assertEquals("{\"dataset\":\"emoji\",\"splits\":{\"train\":{\"classes\":11,\"images\":22},"
          + "\"test\":{\"classes\":11,\"images\":22}}}", r.out().strip());
    }
  }

  @Test
  void inspectOptionsReachTheReader() {
    Run r = run("inspect", "emoji", "--root", emoji.toString(), "--json", "--skin-variants", "--vendors", "apple,google,twitter,facebook",
        "--split-seed", "7", "--image-size", "32");
    assertEquals(0, r.exit(), r.err());
    int classes = 0;
    int images = 0;
    for (String split : new String[] {"train", "test"}) {
      classes += Integer.parseInt(r.out().replaceAll("(?s).*\"" + split + "\":\\{\"classes\":(\\d+).*", "$1"));
      images += Integer.parseInt(r.out().replaceAll("(?s).*\"" + split + "\":\\{\"classes\":\\d+,\"images\":(\\d+).*", "$1"));
    }
    assertEquals(EmojiFixture.CLASSES_WITH_SKINS, classes);
    assertEquals(EmojiFixture.IMAGES_WITH_SKINS, images);

    Run text = run("inspect", "emoji", "--root", emoji.toString(), "--vendors", "apple,google");
    assertEquals(0, text.exit(), text.err());
    assertTrue(text.out().startsWith("emoji" + System.lineSeparator() + "  train         11 classes        22 images"), text.out());
  }

  @Test
  void unknownDataSetIsAUsageError() {
    Run r = run("inspect", "mnist");
    assertNotEquals(0, r.exit());
    assertTrue(r.err().contains("unknown data set 'mnist'") && r.err().contains("Usage:"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void badOptionsAreUsageErrors() {
    Run size = run("inspect", "emoji", "--root", emoji.toString(), "--image-size", "0");
    assertNotEquals(0, size.exit());
    assertTrue(size.err().contains("--image-size must be at least 1, got: 0") && size.err().contains("Usage:"), size.err());
    Run vendor = run("inspect", "emoji", "--root", emoji.toString(), "--vendors", "apple,nokia");
    assertNotEquals(0, vendor.exit());
    assertTrue(vendor.err().contains("nokia") && vendor.err().contains("Usage:"), vendor.err());
    Run seed = run("inspect", "emoji", "--split-seed", "abc");
    assertNotEquals(0, seed.exit());
    assertTrue(seed.err().contains("abc"), seed.err());
    assertNotEquals(0, run().exit());
  }

  @Test
  void missingDataSetExitsTwoWithTheHowTo() {
    Run r = run("inspect", "fashion-mnist", "--root", dir.resolve("nowhere").toString());
    assertEquals(DatasetsCommand.EXIT_MISSING_DATA, r.exit());
    assertTrue(r.err().contains("nowhere") && r.err().contains("./hdc datasets fetch fashion-mnist"), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void malformedFilesExitOneWithoutAStackTrace() {
    Path sop = dir.resolve("bad-sop");
    Fixtures.text(sop.resolve("Ebay_train.txt"), "image_id class_id super_class_id path\n1 x 1 a/b.JPG\n");
    Fixtures.text(sop.resolve("Ebay_test.txt"), "image_id class_id super_class_id path\n");
    Run r = run("inspect", "sop", "--root", sop.toString());
    assertEquals(DatasetsCommand.EXIT_FAILED, r.exit());
    assertTrue(r.err().contains("Ebay_train.txt line 2: class_id must be an integer, got 'x'"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void fetchRunsTheScriptWhichSkipsWhatIsPresent() {
    String previous = System.getProperty(DatasetsFetchCommand.HOME_PROPERTY);
    try {
      // Surefire runs in the project folder, which holds src/main/scripts.
      System.setProperty(DatasetsFetchCommand.HOME_PROPERTY, System.getProperty("user.dir"));
      Run r = run("fetch", "emoji", "--root", dir.resolve("base").toString());
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().contains("emoji: present in " + emoji + ", skipping"), r.out());

      Run paper = run("fetch", "cub200");
      assertNotEquals(0, paper.exit());
      assertTrue(paper.err().contains("cannot fetch 'cub200'"), paper.err());

      System.setProperty(DatasetsFetchCommand.HOME_PROPERTY, dir.resolve("no-install").toString());
      Run noScript = run("fetch", "emoji");
      assertEquals(DatasetsCommand.EXIT_FAILED, noScript.exit());
      assertTrue(noScript.err().contains("fetch script not found"), noScript.err());
    } finally {
      if (previous == null) {
        System.clearProperty(DatasetsFetchCommand.HOME_PROPERTY);
      } else {
        System.setProperty(DatasetsFetchCommand.HOME_PROPERTY, previous);
      }
    }
  }
}
