package com.hdcsearch.train.bench;

import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.PkSampler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed list of P x K batches of real images, held in memory and written to a file the PyTorch peer reads, so that
 * both trainers see exactly the same tensors. Layout (little-endian): int32 {@link #MAGIC}, int32 version 1, int32
 * batches, int32 batch size, int32 channels, int32 size; then per batch int32 labels[batch size] and float32
 * tensors[batch size x channels x size x size] (CHW per image, as the JVM trainer's cache holds them).
 */
public final class BatchFile {
  /** "HDCB". */
  static final int MAGIC = 0x4844_4342;
  static final int VERSION = 1;
  private static final int HEADER_INTS = 6;

  private final ImageSpec spec;
  private final List<float[]> tensors;
  private final List<int[]> labels;

  private BatchFile(ImageSpec spec, List<float[]> tensors, List<int[]> labels) {
    this.spec = spec;
    this.tensors = tensors;
    this.labels = labels;
  }

  /** {@code count} batches drawn by {@code sampler} from {@code cache}, copied out laid end to end. */
  public static BatchFile sample(ImageCache cache, PkSampler sampler, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one batch, got: " + count);
    }
    int len = cache.spec().tensorLength();
    List<float[]> tensors = new ArrayList<>(count);
    List<int[]> labels = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      int[] rows = sampler.next();
      float[] x = new float[rows.length * len];
      int[] y = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        cache.copy(rows[i], x, i * len);
        y[i] = cache.label(rows[i]);
      }
      tensors.add(x);
      labels.add(y);
    }
    return new BatchFile(cache.spec(), tensors, labels);
  }

  public int count() {
    return tensors.size();
  }

  public int batchSize() {
    return labels.get(0).length;
  }

  public ImageSpec spec() {
    return spec;
  }

  /** Batch {@code i}'s tensors laid end to end (not a copy: callers read only). */
  public float[] tensors(int i) {
    return tensors.get(i);
  }

  /** Batch {@code i}'s labels (not a copy: callers read only). */
  public int[] labels(int i) {
    return labels.get(i);
  }

  /** Writes every batch to {@code file} in the layout above. */
  public void write(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_INTS * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(MAGIC).putInt(VERSION).putInt(count()).putInt(batchSize()).putInt(spec.channels())
          .putInt(spec.size()).flip();
      writeFully(ch, header);
      for (int b = 0; b < count(); b++) {
        ByteBuffer buf = ByteBuffer.allocate(batchSize() * Integer.BYTES + tensors.get(b).length * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(labels.get(b));
        buf.position(batchSize() * Integer.BYTES);
        buf.asFloatBuffer().put(tensors.get(b));
        buf.position(0);
        writeFully(ch, buf);
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }
}
