package com.hdcsearch.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Turns a decoded image into the CHW float tensor of an {@link ImageSpec}: alpha composited on white (emoji and product
 * cut-outs have transparent backgrounds; white is what a catalog shows), bilinear resize to the square size, grey or
 * RGB, per-channel normalisation. Thread-safe: holds no scratch state.
 */
public final class ImagePreprocessor {
  /** Luma weights of ITU-R BT.601, the usual RGB to grey conversion. */
  private static final float LUMA_R = 0.299f;
  private static final float LUMA_G = 0.587f;
  private static final float LUMA_B = 0.114f;

  private final ImageSpec spec;

  public ImagePreprocessor(ImageSpec spec) {
    this.spec = spec;
  }

  public ImageSpec spec() {
    return spec;
  }

  /** A new tensor of {@link ImageSpec#tensorLength()} floats. */
  public float[] toTensor(BufferedImage image) {
    float[] out = new float[spec.tensorLength()];
    toTensor(image, out, 0);
    return out;
  }

  /** The tensors of {@code images} laid end to end, in order: a batch's input. */
  public float[] toTensors(java.util.List<BufferedImage> images) {
    int len = spec.tensorLength();
    float[] out = new float[images.size() * len];
    for (int i = 0; i < images.size(); i++) {
      toTensor(images.get(i), out, i * len);
    }
    return out;
  }

  /** Writes the tensor into {@code out} from {@code offset}, so batches can be filled without copies. */
  public void toTensor(BufferedImage image, float[] out, int offset) {
    int size = spec.size();
    BufferedImage square = flattenAndResize(image, size);
    int plane = size * size;
    float[] mean = spec.mean();
    float[] std = spec.std();
    int[] argb = square.getRGB(0, 0, size, size, null, 0, size);
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      float r = ((p >> 16) & 0xff) / 255f;
      float g = ((p >> 8) & 0xff) / 255f;
      float b = (p & 0xff) / 255f;
      if (spec.rgb()) {
        out[offset + i] = (r - mean[0]) / std[0];
        out[offset + plane + i] = (g - mean[1]) / std[1];
        out[offset + 2 * plane + i] = (b - mean[2]) / std[2];
      } else {
        float grey = LUMA_R * r + LUMA_G * g + LUMA_B * b;
        out[offset + i] = (grey - mean[0]) / std[0];
      }
    }
  }

  /** Composites on white and resizes in one draw; returns the input's pixels unchanged when nothing is needed. */
  static BufferedImage flattenAndResize(BufferedImage image, int size) {
    boolean sameSize = image.getWidth() == size && image.getHeight() == size;
    if (sameSize && !image.getColorModel().hasAlpha()) {
      return image;
    }
    BufferedImage target = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, size, size);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return target;
  }
}
