package com.hdcsearch.chaos;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.produce.CatalogPublisher;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The seeded stream of changes the campaign sends: new items from a pool of real images, updates (an item's image
 * and label replaced by another class's), tombstones, and records that validation must reject (not Avro, an empty
 * image, a truncated PNG). Not thread-safe: one producer thread draws from it.
 */
public final class CatalogEvents {
  /** Shares of each kind while new images remain (the rest are new items). */
  static final double BAD_SHARE = 0.06;
  static final double DELETE_SHARE = 0.10;
  static final double UPDATE_SHARE = 0.25;

  private final List<LabelledImage> pool;
  private final Random random;
  private final Serializer<CatalogImage> serializer = AvroSerdes.catalogImage().serializer();
  private final List<String> live = new ArrayList<>();
  /** Deleted items; once the pool is used up, new items are these coming back, so the catalog keeps its size. */
  private final List<String> deleted = new ArrayList<>();
  private long seq;
  private int nextNew;
  private int nextBad;

  /** Draws from {@code pool} (the images new items and updates take) with {@code seed}. */
  public CatalogEvents(List<LabelledImage> pool, long seed) {
    if (pool.size() < 2) {
      throw new IllegalArgumentException("the image pool needs at least 2 images, got: " + pool.size());
    }
    this.pool = List.copyOf(pool);
    this.random = new Random(seed);
  }

  /** A new item (for the initial catalog); once the pool is used up, a deleted one back, or else an update. */
  public CatalogEvent nextNew() {
    if (nextNew >= pool.size()) {
      if (deleted.isEmpty()) {
        return nextUpdate();
      }
      String id = deleted.remove(random.nextInt(deleted.size()));
      live.add(id);
      return image(id, CatalogEvent.Kind.NEW, pool.get(random.nextInt(pool.size())));
    }
    LabelledImage image = pool.get(nextNew);
    String id = "c-" + nextNew++;
    live.add(id);
    return image(id, CatalogEvent.Kind.NEW, image);
  }

  /** The next change, drawn by the seed. */
  public CatalogEvent next() {
    double r = random.nextDouble();
    if (r < BAD_SHARE) {
      return bad();
    }
    if (live.size() > 1 && r < BAD_SHARE + DELETE_SHARE) {
      String id = live.remove(random.nextInt(live.size()));
      deleted.add(id);
      return new CatalogEvent(++seq, id, CatalogEvent.Kind.DELETE, null, null, null);
    }
    if (!live.isEmpty() && r < BAD_SHARE + DELETE_SHARE + UPDATE_SHARE) {
      return nextUpdate();
    }
    return nextNew();
  }

  /** The live items as this generator sent them (whatever the broker acknowledged). */
  public int liveCount() {
    return live.size();
  }

  private CatalogEvent nextUpdate() {
    String id = live.get(random.nextInt(live.size()));
    int index = Integer.parseInt(id.substring(2));
    String oldClass = pool.get(Math.min(index, pool.size() - 1)).className();
    LabelledImage donor = pool.get(random.nextInt(pool.size()));
    for (int tries = 0; tries < 20 && donor.className().equals(oldClass); tries++) {
      donor = pool.get(random.nextInt(pool.size()));
    }
    return image(id, CatalogEvent.Kind.UPDATE, donor);
  }

  private CatalogEvent image(String id, CatalogEvent.Kind kind, LabelledImage image) {
    // The record names the item by its id in the catalog, whatever data-set image it carries now.
    LabelledImage renamed = new LabelledImage(id, image.label(), image.className(), image.source());
    CatalogImage record = CatalogPublisher.toRecord(renamed, Instant.now());
    byte[] bytes = new byte[record.getImage().remaining()];
    record.getImage().duplicate().get(bytes);
    return new CatalogEvent(++seq, id, kind, image.className(), sha256(bytes),
        serializer.serialize(Topics.CATALOG_IMAGES, record));
  }

  /** A record that validation rejects, of one of three kinds in turn. */
  private CatalogEvent bad() {
    String key = "bad-" + nextBad;
    byte[] value;
    switch (nextBad++ % 3) {
      case 0 -> {
        value = new byte[64]; // not Avro at all
        random.nextBytes(value);
      }
      case 1 -> value = badImage(key, new byte[0]);
      default -> {
        byte[] png = encoded(pool.get(random.nextInt(pool.size())));
        value = badImage(key, Arrays.copyOf(png, png.length / 2));
      }
    }
    return new CatalogEvent(++seq, key, CatalogEvent.Kind.BAD, null, null, value);
  }

  private byte[] badImage(String key, byte[] image) {
    CatalogImage record = CatalogImage.newBuilder().setItemId(key).setLabel("bad").setImage(ByteBuffer.wrap(image))
        .setContentType("image/png").setEventTime(Instant.now()).build();
    return serializer.serialize(Topics.CATALOG_IMAGES, record);
  }

  private static byte[] encoded(LabelledImage image) {
    try {
      return image.source().encoded();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + image.id(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
