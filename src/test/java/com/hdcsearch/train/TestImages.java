package com.hdcsearch.train;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.RetrievalSplits;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data: synthetic class patterns, and small seeded subsets of Fashion-MNIST's zero-shot split. */
public final class TestImages {
  private TestImages() {}

  /** Each class is a random coarse pattern; its images add noise. Values roughly in [-1, 1]. */
  public static ImageCache synthetic(ImageSpec spec, int classes, int perClass, long seed) {
    Random r = new Random(seed);
    int len = spec.tensorLength();
    float[] data = new float[classes * perClass * len];
    int[] labels = new int[classes * perClass];
    for (int c = 0; c < classes; c++) {
      float[] pattern = new float[len];
      int cell = Math.max(1, spec.size() / 4);
      float[] coarse = new float[spec.channels() * 16];
      for (int i = 0; i < coarse.length; i++) {
        coarse[i] = (float) (r.nextDouble() * 2 - 1);
      }
      for (int ch = 0; ch < spec.channels(); ch++) {
        for (int y = 0; y < spec.size(); y++) {
          for (int x = 0; x < spec.size(); x++) {
            pattern[(ch * spec.size() + y) * spec.size() + x] =
                coarse[ch * 16 + Math.min(3, y / cell) * 4 + Math.min(3, x / cell)];
          }
        }
      }
      for (int k = 0; k < perClass; k++) {
        int row = c * perClass + k;
        labels[row] = c;
        for (int i = 0; i < len; i++) {
          data[row * len + i] = pattern[i] + (float) (0.3 * r.nextGaussian());
        }
      }
    }
    return new ImageCache(spec, data, labels);
  }

  /** Images of the first {@code classes} classes (in label order) of an Emoji-4V zero-shot split. */
  public static List<LabelledImage> emoji(String split, int classes) {
    List<LabelledImage> all = RetrievalSplits.zeroShot(DatasetRegistry.standard(), "emoji", DatasetOptions.defaults()).split(split).images();
    java.util.Set<Integer> kept = new java.util.HashSet<>();
    List<LabelledImage> out = new ArrayList<>();
    for (LabelledImage image : all) {
      if (kept.contains(image.label()) || kept.size() < classes && kept.add(image.label())) {
        out.add(image);
      }
    }
    return out;
  }

  /** True when the Emoji-4V files are where the interim reader looks. */
  public static boolean emojiAvailable() {
    return java.nio.file.Files.isRegularFile(
        com.hdcsearch.data.DataRoots.fromEnvironment().root("emoji").resolve("emoji.json"));
  }

  /** The first {@code perClass} images of each class of a Fashion-MNIST zero-shot split ("train" or "test"). */
  public static List<LabelledImage> fashion(String split, int perClass) {
    List<LabelledImage> all = RetrievalSplits.zeroShot(DatasetRegistry.standard(), "fashion-mnist", DatasetOptions.defaults()).split(split).images();
    int[] taken = new int[10];
    List<LabelledImage> out = new ArrayList<>();
    for (LabelledImage image : all) {
      if (taken[image.label()]++ < perClass) {
        out.add(image);
      }
    }
    return out;
  }
}
