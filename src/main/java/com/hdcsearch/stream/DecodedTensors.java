package com.hdcsearch.stream;

import com.hdcsearch.image.ImageSpec;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What validation already computed for an accepted image, handed to the embedder so that each image is decoded and
 * preprocessed once: the model input tensor of the serving model's {@link ImageSpec}, keyed by item id. Validation
 * runs just before the catalog table and the embedder on the same stream thread, so an entry normally lives for one
 * micro-batch. It is only a shortcut: an entry is used when its encoded bytes equal the catalog's image at embedding
 * time (a stale one, e.g. from before a rebalance, is ignored), and anything missing, evicted or for another spec is
 * decoded again. Bounded in bytes; when full, new entries are not kept (their images are decoded again at embedding).
 * Shared by every stream task of the topology (item ids belong to one partition, so tasks never share a key).
 */
final class DecodedTensors {
  /** Default of {@code maxBytes}: thousands of small catalog images, or a few large ones. */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** One validated image: its encoded bytes (to recognise it) and its tensor for {@code spec}. */
  record Entry(ByteBuffer encoded, ImageSpec spec, float[] tensor) {
    long bytes() {
      return encoded.remaining() + 4L * tensor.length;
    }
  }

  private final ConcurrentHashMap<String, Entry> byItem = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long maxBytes;

  DecodedTensors(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, got: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** Keeps the tensor of the item's latest accepted image (replacing an older one), unless the bound is reached. */
  void put(String itemId, ByteBuffer encoded, ImageSpec spec, float[] tensor) {
    Entry entry = new Entry(encoded.duplicate(), spec, tensor);
    forget(itemId);
    if (bytes.get() + entry.bytes() > maxBytes) {
      return;
    }
    if (byItem.putIfAbsent(itemId, entry) == null) {
      bytes.addAndGet(entry.bytes());
    }
  }

  /** Drops the item's entry (a delete, a refused newer record). */
  void forget(String itemId) {
    Entry old = byItem.remove(itemId);
    if (old != null) {
      bytes.addAndGet(-old.bytes());
    }
  }

  /**
   * Removes and returns the item's entry if it was made from exactly {@code encoded} (the catalog's image now), else
   * null (and a stale entry is dropped).
   */
  Entry take(String itemId, ByteBuffer encoded) {
    Entry e = byItem.remove(itemId);
    if (e == null) {
      return null;
    }
    bytes.addAndGet(-e.bytes());
    return e.encoded().equals(encoded) ? e : null;
  }

  /** Entries held now. */
  int size() {
    return byItem.size();
  }

  /** Bytes held now (encoded images and tensors). */
  long bytes() {
    return bytes.get();
  }
}
