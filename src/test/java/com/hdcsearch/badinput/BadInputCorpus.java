package com.hdcsearch.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The checked-in bad-input corpus ({@code src/test/resources/badinput/}, written by {@code generate.py} beside it):
 * each case a raw Kafka record and what the service must do with it.
 */
public final class BadInputCorpus {
  private static final String ROOT = "badinput/";

  /** What must happen to a record. */
  public enum Expect { SEARCHABLE, DEAD_LETTER, DELETED, REPLACED, REFUSED }

  /** An image case's answer from {@code POST /api/search}. */
  public record ImageCase(byte[] bytes, String contentType, int status, String error) {}

  /**
   * One case.
   *
   * @param key the raw key bytes, null for a record without key
   * @param value the raw value, null for a tombstone
   * @param reason the dead letter's reason code, for {@link Expect#DEAD_LETTER}
   * @param label the label the item must be searchable with, for {@link Expect#SEARCHABLE}
   * @param image the image and the API's answer to it, for image cases; else null
   */
  public record Case(String name, String doc, byte[] key, byte[] value, Expect expect, String reason, String label,
      ImageCase image) {}

  private BadInputCorpus() {}

  /** Every case, in the generator's order. */
  public static List<Case> cases() {
    JsonNode root = json("cases.json");
    List<Case> out = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      ImageCase image = null;
      if (c.hasNonNull("image")) {
        JsonNode i = c.get("image");
        image = new ImageCase(bytes(i.get("file").asText()), i.get("contentType").asText(), i.get("status").asInt(),
            i.hasNonNull("error") ? i.get("error").asText() : null);
      }
      out.add(new Case(c.get("name").asText(), c.get("doc").asText(),
          c.hasNonNull("keyHex") ? HexFormat.of().parseHex(c.get("keyHex").asText()) : null,
          c.hasNonNull("value") ? bytes(c.get("value").asText()) : null,
          Expect.valueOf(c.get("expect").asText().toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
          c.hasNonNull("reason") ? c.get("reason").asText() : null,
          c.hasNonNull("label") ? c.get("label").asText() : null, image));
    }
    return out;
  }

  /** The image limits the corpus was made for (the Quarkus test profile's). */
  public static int maxImageBytes() {
    return json("cases.json").get("maxImageBytes").asInt();
  }

  public static long maxImagePixels() {
    return json("cases.json").get("maxImagePixels").asLong();
  }

  private static JsonNode json(String file) {
    try {
      return new ObjectMapper().readTree(bytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String file) {
    try (InputStream in = BadInputCorpus.class.getClassLoader().getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException("corpus file missing: " + ROOT + file + " (run generate.py beside it)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
