package com.hdcsearch.train;

import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A data set decoded once into CHW float tensors laid end to end, so that training and evaluation never decode
 * images in the loop. Memory: {@code 4 x tensorLength} bytes per image (48 KiB for 64x64 RGB).
 */
public final class ImageCache {
  private final ImageSpec spec;
  private final float[] tensors;
  private final int[] labels;

  public ImageCache(ImageSpec spec, float[] tensors, int[] labels) {
    if (tensors.length != (long) labels.length * spec.tensorLength()) {
      throw new IllegalArgumentException("need " + labels.length + " tensors of " + spec.tensorLength()
          + " floats, got " + tensors.length + " floats");
    }
    this.spec = spec;
    this.tensors = tensors;
    this.labels = labels.clone();
  }

  /** Decodes and preprocesses every image, in parallel; order and labels follow {@code images}. */
  public static ImageCache of(List<LabelledImage> images, ImageSpec spec) {
    ImagePreprocessor pre = new ImagePreprocessor(spec);
    int len = spec.tensorLength();
    float[] tensors = new float[images.size() * len];
    int[] labels = new int[images.size()];
    IntStream.range(0, images.size()).parallel().forEach(i -> {
      LabelledImage image = images.get(i);
      labels[i] = image.label();
      try {
        pre.toTensor(image.source().decode(), tensors, i * len);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot decode " + image.id(), e);
      }
    });
    return new ImageCache(spec, tensors, labels);
  }

  public ImageSpec spec() {
    return spec;
  }

  public int size() {
    return labels.length;
  }

  public int label(int index) {
    return labels[index];
  }

  public int[] labels() {
    return labels.clone();
  }

  /** The backing array (not a copy: callers read only). */
  public float[] tensors() {
    return tensors;
  }

  /** Copies image {@code index}'s tensor into {@code out} at {@code offset}. */
  public void copy(int index, float[] out, int offset) {
    int len = spec.tensorLength();
    System.arraycopy(tensors, index * len, out, offset, len);
  }
}
