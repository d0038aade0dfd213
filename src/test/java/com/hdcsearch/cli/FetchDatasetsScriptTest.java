package com.hdcsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.readers.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs src/main/scripts/fetch-datasets.sh on tiny local tarballs, so no network and no apt are touched. */
class FetchDatasetsScriptTest {
  private static final Path SCRIPT = Path.of(DatasetsFetchCommand.SCRIPT);
  private static final List<String> VENDORS = List.of("apple", "google", "twitter", "facebook");

  @TempDir Path dir;

  record Result(int exit, String output) {}

  private Result script(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HDC_CACHE_DIR", dir.resolve("cache").toString());
    builder.environment().put("HDC_FASHION_MNIST_SYSTEM_DIR", dir.resolve("no-system-copy").toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  /** The five npm tarballs in their real shape: package/emoji.json, package/img/<vendor>/{64,sheets}/... */
  private Path tarballs() throws IOException, InterruptedException {
    Path tgz = dir.resolve("tgz");
    Files.createDirectories(tgz);
    Path meta = dir.resolve("pkg-meta");
    Fixtures.text(meta.resolve("package/emoji.json"), "[]");
    Fixtures.text(meta.resolve("package/README.md"), "not wanted");
    tar(meta, tgz.resolve("emoji-datasource-16.0.0.tgz"));
    for (String vendor : VENDORS) {
      Path pkg = dir.resolve("pkg-" + vendor);
      Fixtures.image(pkg.resolve("package/img/" + vendor + "/64/1f600.png"), 4, 1);
      Fixtures.image(pkg.resolve("package/img/" + vendor + "/sheets/32.png"), 4, 2);
      tar(pkg, tgz.resolve("emoji-datasource-" + vendor + "-16.0.0.tgz"));
    }
    return tgz;
  }

  private static void tar(Path folder, Path archive) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("tar", "czf", archive.toString(), "-C", folder.toString(), "package")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  @Test
  void emojiUnpacksOnlyMetadataAnd64PxImagesThenSkips() throws Exception {
    Path tgz = tarballs();
    Path root = dir.resolve("data");
    Result first = script(Map.of("HDC_EMOJI_TGZ_DIR", tgz.toString()), "emoji", "--root", root.toString());
    assertEquals(0, first.exit(), first.output());
    assertTrue(Files.isRegularFile(root.resolve("emoji/emoji.json")), first.output());
    for (String vendor : VENDORS) {
      assertTrue(Files.isRegularFile(root.resolve("emoji/img/" + vendor + "/64/1f600.png")), first.output());
      assertFalse(Files.exists(root.resolve("emoji/img/" + vendor + "/sheets")), "sprite sheets are not unpacked");
    }
    assertFalse(Files.exists(root.resolve("emoji/README.md")));
    assertTrue(first.output().contains("ready in " + root.resolve("emoji") + " (4 images)"), first.output());

    Result second = script(Map.of("HDC_EMOJI_TGZ_DIR", tgz.toString()), "emoji", "--root", root.toString());
    assertEquals(0, second.exit(), second.output());
    assertTrue(second.output().contains("emoji: present in " + root.resolve("emoji") + ", skipping"), second.output());
  }

  @Test
  void aBrokenTarballFailsClearlyAndLeavesNothingHalfDone() throws Exception {
    Path tgz = tarballs();
    Files.writeString(tgz.resolve("emoji-datasource-google-16.0.0.tgz"), "not a tarball");
    Path root = dir.resolve("data");
    Result r = script(Map.of("HDC_EMOJI_TGZ_DIR", tgz.toString()), "emoji", "--root", root.toString());
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().contains("error: emoji: cannot unpack img/google/64"), r.output());
    assertFalse(Files.exists(root.resolve("emoji")));
    try (Stream<Path> left = Files.list(root)) {
      assertEquals(List.of(), left.toList(), "the staging folder is removed");
    }
  }

  @Test
  void fashionMnistInTheRootIsSkipped() throws Exception {
    Path root = dir.resolve("data");
    Fixtures.fashionMnist(root.resolve("fashion-mnist"), 2, 2, 2, 2, true);
    Result r = script(Map.of(), "fashion-mnist", "--root", root.toString());
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("fashion-mnist: present in " + root.resolve("fashion-mnist") + ", skipping"), r.output());
  }

  @Test
  void unknownArgumentIsAUsageError() throws Exception {
    Result r = script(Map.of(), "cub200");
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("unknown argument 'cub200'") && r.output().contains("usage:"), r.output());
  }
}
