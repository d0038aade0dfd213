package com.hdcsearch.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Bilinear resize to a square that keeps the alpha channel, for sources that store a size other than the one asked
 * for. Compositing on white is left to {@link ImagePreprocessor}, so that encoded images keep their transparency.
 */
public final class ImageResizer {
  private ImageResizer() {}

  /** {@code image} scaled to {@code size} x {@code size}; the input itself when it already has that size. */
  public static BufferedImage square(BufferedImage image, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got: " + size);
    }
    if (image.getWidth() == size && image.getHeight() == size) {
      return image;
    }
    boolean alpha = image.getColorModel().hasAlpha();
    BufferedImage target = new BufferedImage(size, size, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      // Src, not SrcOver: copy the alpha as it is instead of blending onto the empty target.
      g.setComposite(AlphaComposite.Src);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return target;
  }
}
