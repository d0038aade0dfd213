package com.hdcsearch.data.readers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Emoji4vReaderTest {
  private static final Path REAL_ROOT = com.hdcsearch.data.DataRoots.fromEnvironment().root("emoji");

  @TempDir static Path dir;
  private static Path root;
  private final ImageDecoder decoder = new ImageDecoder();
  private final Emoji4vReader reader = new Emoji4vReader(new DataRoots(Path.of("unused")), decoder);

  @BeforeAll
  static void writeFixture() {
    root = EmojiFixture.write(dir.resolve("emoji"));
  }

  private Dataset read(List<String> vendors, long seed, boolean skins, int size) {
    return reader.read(new DatasetOptions(root, vendors, seed, skins, size));
  }

  @Test
  void countsPerSplitAndDropsClassesWithOneView() {
    Dataset d = read(List.of(), 0, false, 64);
    assertEquals(List.of("train", "test"), List.copyOf(d.splits().keySet()));
    assertEquals(EmojiFixture.CLASSES / 2, d.split("train").classCount());
    assertEquals(EmojiFixture.CLASSES - EmojiFixture.CLASSES / 2, d.split("test").classCount());
    assertEquals(EmojiFixture.IMAGES, d.split("train").size() + d.split("test").size());
    Set<String> ids = ids(d);
    assertTrue(ids.containsAll(Set.of("emoji-0001-apple", "emoji-0001-facebook", "emoji-0002-google")), ids.toString());
    assertTrue(ids.stream().noneMatch(id -> id.startsWith("emoji-0003-") || id.startsWith("emoji-0005-")
        || id.startsWith("emoji-0006-") || id.equals("emoji-0002-facebook")), ids.toString());
    assertEquals(EmojiFixture.IMAGES, ids.size(), "ids are unique");
  }

  @Test
  void trainAndTestClassesAreDisjointAndLabelsIndexSortedClasses() {
    Dataset d = read(List.of(), 3, false, 64);
    Set<Integer> train = labels(d, "train");
    Set<Integer> test = labels(d, "test");
    assertTrue(train.stream().noneMatch(test::contains));
    Map<String, Integer> labelOf = labelByUnified(d);
    // Sorted by unified: 0001, 0002, 0004, then 1000.. (0003, 0005, 0006 dropped).
    assertEquals(0, labelOf.get("0001"));
    assertEquals(1, labelOf.get("0002"));
    assertEquals(2, labelOf.get("0004"));
    assertEquals(3, labelOf.get("1000"));
    assertEquals("one", d.splits().values().stream().flatMap(s -> s.images().stream())
        .filter(i -> i.id().equals("emoji-0001-apple")).findFirst().orElseThrow().className());
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplitSameLabels() {
    Set<Integer> a = labels(read(List.of(), 42, false, 64), "train");
    Set<Integer> b = labels(read(List.of(), 42, false, 64), "train");
    Set<Integer> c = labels(read(List.of(), 43, false, 64), "train");
    assertEquals(a, b);
    assertNotEquals(a, c, "seeds 42 and 43 gave the same train classes " + a);
    assertEquals(labelByUnified(read(List.of(), 42, false, 64)), labelByUnified(read(List.of(), 43, false, 64)));
    assertEquals(ids(read(List.of(), 42, false, 64)), ids(read(List.of(), 43, false, 64)));
  }

  @Test
  void vendorFilter() {
    Dataset d = read(List.of("google", "apple"), 0, false, 64);
    // 0001 and 0002 keep 2 views each, 0004 keeps only apple (dropped), the 20 generated keep 2.
    assertEquals(22, d.split("train").classCount() + d.split("test").classCount());
    assertEquals(44, d.split("train").size() + d.split("test").size());
    assertTrue(ids(d).stream().allMatch(id -> id.endsWith("-apple") || id.endsWith("-google")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(List.of("samsung"), 0, false, 64));
    assertTrue(e.getMessage().contains("samsung") && e.getMessage().contains("facebook"), e.getMessage());
  }

  @Test
  void skinVariantsAddViewsToTheirBaseClass() {
    Dataset d = read(List.of(), 0, true, 64);
    assertEquals(EmojiFixture.CLASSES_WITH_SKINS, d.split("train").classCount() + d.split("test").classCount());
    assertEquals(EmojiFixture.IMAGES_WITH_SKINS, d.split("train").size() + d.split("test").size());
    Map<String, Integer> labelOf = labelByUnified(d);
    assertEquals(labelOf.get("0004"), labelOf.get("0004-1F3FB"));
    assertEquals(labelOf.get("0006"), labelOf.get("0006-1F3FC"));
    List<String> fourIds = d.splits().values().stream().flatMap(s -> s.images().stream())
        .map(LabelledImage::id).filter(id -> id.startsWith("emoji-0004")).toList();
    assertEquals(List.of("emoji-0004-apple", "emoji-0004-twitter", "emoji-0004-1F3FB-apple", "emoji-0004-1F3FB-google",
        "emoji-0004-1F3FC-apple", "emoji-0004-1F3FC-google"), fourIds);
  }

  @Test
  void imageSizeIsRespectedAndNativeBytesPassThrough() throws Exception {
    LabelledImage small = find(read(List.of(), 0, false, 24), "emoji-0001-twitter");
    BufferedImage decoded = small.source().decode();
    assertEquals(24, decoded.getWidth());
    assertEquals(24, decoded.getHeight());
    assertTrue(decoded.getColorModel().hasAlpha(), "alpha is kept for the preprocessor to composite");
    assertEquals(24, decoder.decode(small.source().encoded()).getWidth());
    assertEquals("image/png", small.source().contentType());

    LabelledImage same = find(read(List.of(), 0, false, 64), "emoji-0001-twitter");
    assertArrayEquals(Files.readAllBytes(root.resolve("img/twitter/64/0001.png")), same.source().encoded());
    assertEquals(64, same.source().decode().getWidth());
  }

  @Test
  void missingRootSaysHowToFetch() {
    MissingDatasetException e = assertThrows(MissingDatasetException.class,
        () -> reader.read(DatasetOptions.defaults().withRoot(dir.resolve("nothing-here"))));
    assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
    assertTrue(e.getMessage().contains("./hdc datasets fetch emoji"), e.getMessage());
  }

  @Test
  void realEmojiRoot() {
    assumeTrue(Files.isRegularFile(REAL_ROOT.resolve("emoji.json")), "no Emoji-4V root at " + REAL_ROOT);
    Dataset d = reader.read(DatasetOptions.defaults().withRoot(REAL_ROOT));
    int classes = d.split("train").classCount() + d.split("test").classCount();
    int images = d.split("train").size() + d.split("test").size();
    assertEquals(1911, classes);
    assertEquals(955, d.split("train").classCount());
    assertEquals(7590, images);
    Dataset skins = reader.read(new DatasetOptions(REAL_ROOT, List.of(), 0, true, 64));
    assertEquals(15000, skins.split("train").size() + skins.split("test").size());
  }

  private static LabelledImage find(Dataset d, String id) {
    return d.splits().values().stream().flatMap(s -> s.images().stream())
        .filter(i -> i.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no image " + id));
  }

  private static Set<String> ids(Dataset d) {
    Set<String> ids = new HashSet<>();
    d.splits().values().forEach(s -> s.images().forEach(i -> ids.add(i.id())));
    return ids;
  }

  private static Set<Integer> labels(Dataset d, String split) {
    return d.split(split).images().stream().map(LabelledImage::label).collect(Collectors.toSet());
  }

  /** unified (taken from the id, vendor stripped) to label. */
  private static Map<String, Integer> labelByUnified(Dataset d) {
    return d.splits().values().stream().flatMap(s -> s.images().stream())
        .collect(Collectors.toMap(i -> i.id().substring("emoji-".length(), i.id().lastIndexOf('-')),
            LabelledImage::label, (a, b) -> a));
  }
}
