package com.hdcsearch.versions;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Makes version ids that are never reused: the UTC time to the millisecond plus 24 random bits, e.g.
 * {@code v20261201-081512-347-3fa9c1}. Two trainings (two instances, two restarts, the same seed) never collide, and
 * ids sort by time. Ids are also directory names (index and checkpoint), so they hold only {@code [a-z0-9-]}.
 */
public final class VersionIds {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final int RANDOM_BYTES = 3;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public VersionIds(Clock clock) {
    this.clock = clock;
  }

  /** A new, unique id. */
  public String next() {
    byte[] suffix = new byte[RANDOM_BYTES];
    random.nextBytes(suffix);
    return "v" + TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
  }

  /**
   * Checks that {@code id} can name a directory and a Kafka key safely.
   *
   * @throws IllegalArgumentException naming the id otherwise
   */
  public static String checkSafe(String id) {
    if (id == null || !SAFE.matcher(id).matches() || id.contains("..")) {
      throw new IllegalArgumentException("a model version id must be 1-128 characters of [A-Za-z0-9._-], not "
          + "starting with '.' or '-' and without '..', got: '" + id + "'");
    }
    return id;
  }
}
