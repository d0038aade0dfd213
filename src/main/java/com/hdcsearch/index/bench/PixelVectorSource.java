package com.hdcsearch.index.bench;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The raw pixels of a grey data set as vectors (Fashion-MNIST: 784-d, the ann-benchmarks set): the first
 * {@code count} images of a split, one float per pixel (0-255, first band), row by row. No model is involved; the
 * bench normalises them to unit length like every source.
 *
 * @param dataset a name from {@link DatasetRegistry#standard()}
 * @param split the split to read
 * @param count how many images, from the start of the split
 */
public record PixelVectorSource(String dataset, String split, int count) implements VectorSource {
  public PixelVectorSource {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got: " + count);
    }
  }

  @Override
  public String description() {
    return String.format(Locale.ROOT, "REAL raw pixels of the first %d images of %s/%s", count, dataset, split);
  }

  @Override
  public float[][] load() throws IOException {
    List<LabelledImage> images = DatasetRegistry.standard().read(dataset, DatasetOptions.defaults()).split(split)
        .images();
    if (images.size() < count) {
      throw new IllegalArgumentException(
          dataset + "/" + split + " has " + images.size() + " images, fewer than the " + count + " asked for");
    }
    float[][] out = new float[count][];
    try {
      IntStream.range(0, count).parallel().forEach(i -> out[i] = pixels(images.get(i)));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    int dim = out[0].length;
    for (int i = 1; i < count; i++) {
      if (out[i].length != dim) {
        throw new IllegalArgumentException(images.get(i).id() + " has " + out[i].length + " pixels, the first image "
            + dim + ": raw pixels need one image size");
      }
    }
    return out;
  }

  private static float[] pixels(LabelledImage image) {
    try {
      BufferedImage img = image.source().decode();
      Raster r = img.getRaster();
      int[] band = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
      float[] v = new float[band.length];
      for (int p = 0; p < band.length; p++) {
        v[p] = band[p];
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + image.id(), e);
    }
  }
}
