package com.hdcsearch.data.readers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An Emoji-4V root with known counts. Hand-made entries (listed out of order, since the reader sorts by unified):
 * <ul>
 *   <li>0001: all four vendors: 4 views
 *   <li>0002: apple, google; facebook claims an image whose file is missing: 2 views
 *   <li>0003: apple only: 1 view, dropped
 *   <li>0004: apple, twitter: 2 views; skin variants 1F3FB and 1F3FC with apple and google: +4
 *   <li>0005: an apple file exists but no has_img flag is true: 0 views, dropped
 *   <li>0006: google only: 1 view (dropped) unless skin variants add 2 more google views
 * </ul>
 * plus {@value #GENERATED} generated classes 1000..1019 with apple and google. Without skin variants: 23 classes,
 * 48 images; with them: 24 classes, 55 images.
 */
public final class EmojiFixture {
  public static final int GENERATED = 20;
  public static final int CLASSES = 23;
  public static final int IMAGES = 48;
  public static final int CLASSES_WITH_SKINS = 24;
  public static final int IMAGES_WITH_SKINS = 55;
  /** Native side of the fixture's PNGs, like the real img/<vendor>/64 folders. */
  public static final int SIZE = 64;

  private EmojiFixture() {}

  public static Path write(Path root) {
    List<String> entries = new ArrayList<>();
    entries.add(entry("0006", "six", List.of("google"), skins("0006", List.of("google"))));
    entries.add(entry("0001", "one", List.of("apple", "google", "twitter", "facebook"), ""));
    entries.add(entry("0003", "three", List.of("apple"), ""));
    entries.add(entry("0002", "two", List.of("apple", "google", "facebook"), ""));
    entries.add(entry("0004", "four", List.of("apple", "twitter"), skins("0004", List.of("apple", "google"))));
    entries.add(entry("0005", "five", List.of(), ""));
    for (int i = 0; i < GENERATED; i++) {
      entries.add(entry(String.valueOf(1000 + i), "gen" + i, List.of("apple", "google"), ""));
    }
    Fixtures.text(root.resolve("emoji.json"), "[" + String.join(",\n", entries) + "]");

    long seed = 1;
    for (String vendor : List.of("apple", "google", "twitter", "facebook")) {
      Fixtures.image(png(root, vendor, "0001"), SIZE, seed++);
    }
    Fixtures.image(png(root, "apple", "0002"), SIZE, seed++);
    Fixtures.image(png(root, "google", "0002"), SIZE, seed++); // no facebook file although has_img_facebook
    Fixtures.image(png(root, "apple", "0003"), SIZE, seed++);
    Fixtures.image(png(root, "apple", "0004"), SIZE, seed++);
    Fixtures.image(png(root, "twitter", "0004"), SIZE, seed++);
    for (String tone : List.of("1f3fb", "1f3fc")) {
      Fixtures.image(png(root, "apple", "0004-" + tone), SIZE, seed++);
      Fixtures.image(png(root, "google", "0004-" + tone), SIZE, seed++);
      Fixtures.image(png(root, "google", "0006-" + tone), SIZE, seed++);
    }
    Fixtures.image(png(root, "apple", "0005"), SIZE, seed++);
    Fixtures.image(png(root, "google", "0006"), SIZE, seed++);
    for (int i = 0; i < GENERATED; i++) {
      Fixtures.image(png(root, "apple", String.valueOf(1000 + i)), SIZE, seed++);
      Fixtures.image(png(root, "google", String.valueOf(1000 + i)), SIZE, seed++);
    }
    return root;
  }

  private static Path png(Path root, String vendor, String code) {
    return root.resolve("img").resolve(vendor).resolve("64").resolve(code.toLowerCase() + ".png");
  }

  private static String entry(String unified, String shortName, List<String> vendors, String skins) {
    StringBuilder json = new StringBuilder("{\"unified\":\"" + unified + "\",\"image\":\"" + unified.toLowerCase()
        + ".png\",\"short_name\":\"" + shortName + "\",\"category\":\"Test\"");
    for (String vendor : List.of("apple", "google", "twitter", "facebook")) {
      json.append(",\"has_img_").append(vendor).append("\":").append(vendors.contains(vendor));
    }
    return json.append(skins).append("}").toString();
  }

  private static String skins(String base, List<String> vendors) {
    List<String> variants = new ArrayList<>();
    for (String tone : List.of("1F3FC", "1F3FB")) { // out of order on purpose
      StringBuilder v = new StringBuilder("\"" + tone + "\":{\"unified\":\"" + base + "-" + tone + "\",\"image\":\""
          + (base + "-" + tone).toLowerCase() + ".png\"");
      for (String vendor : List.of("apple", "google", "twitter", "facebook")) {
        v.append(",\"has_img_").append(vendor).append("\":").append(vendors.contains(vendor));
      }
      variants.add(v.append("}").toString());
    }
    return ",\"skin_variations\":{" + String.join(",", variants) + "}";
  }
}
