package com.hdcsearch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
  private static final float EPS = 1e-6f;

  @Test
  void transparentPixelBecomesWhite() {
    BufferedImage image = TestImages.solid(4, 4, BufferedImage.TYPE_INT_ARGB, new Color(0, 0, 0, 0));
    image.setRGB(1, 2, new Color(255, 0, 0, 255).getRGB()); // one opaque red pixel stays red
    ImageSpec spec = new ImageSpec(4, true, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    float[] t = new ImagePreprocessor(spec).toTensor(image);
    int plane = 16;
    assertEquals(1f, t[0], EPS);
    assertEquals(1f, t[plane], EPS);
    assertEquals(1f, t[2 * plane], EPS);
    int red = 2 * 4 + 1;
    assertEquals(1f, t[red], EPS);
    assertEquals(0f, t[plane + red], EPS);
    assertEquals(0f, t[2 * plane + red], EPS);
  }

  @Test
  void halfTransparentBlackBlendsToMidGrey() {
    BufferedImage image = TestImages.solid(2, 2, BufferedImage.TYPE_INT_ARGB, new Color(0, 0, 0, 128));
    float[] t = new ImagePreprocessor(new ImageSpec(2, false, new float[] {0}, new float[] {1})).toTensor(image);
    // 128/255 black over white leaves 127/255 of white, give or take one level of rounding.
    assertEquals(127f / 255f, t[0], 1.5f / 255f);
  }

  @Test
  void greyUsesBt601Luma() {
    BufferedImage image = TestImages.solid(3, 3, BufferedImage.TYPE_INT_RGB, new Color(200, 100, 50));
    float[] t = new ImagePreprocessor(new ImageSpec(3, false, new float[] {0}, new float[] {1})).toTensor(image);
    float expected = 0.299f * 200 / 255f + 0.587f * 100 / 255f + 0.114f * 50 / 255f;
    assertEquals(9, t.length);
    for (float v : t) {
      assertEquals(expected, v, EPS);
    }
  }

  @Test
  void normalisationIsExactPerChannel() {
    BufferedImage image = TestImages.solid(2, 2, BufferedImage.TYPE_INT_RGB, new Color(255, 0, 51));
    ImageSpec spec = new ImageSpec(2, true, new float[] {0.5f, 0.25f, 0.1f}, new float[] {0.5f, 0.25f, 0.2f});
    float[] t = new ImagePreprocessor(spec).toTensor(image);
    assertEquals((1f - 0.5f) / 0.5f, t[0], EPS); // 1.0
    assertEquals((0f - 0.25f) / 0.25f, t[4], EPS); // -1.0
    assertEquals((0.2f - 0.1f) / 0.2f, t[8], EPS); // 0.5
    float[] grey = new ImagePreprocessor(ImageSpec.grey(2)).toTensor(
        TestImages.solid(2, 2, BufferedImage.TYPE_BYTE_GRAY, Color.BLACK));
    assertEquals(-1f, grey[0], EPS);
  }

  @Test
  void resizeGivesTheSpecsLength() {
    BufferedImage image = TestImages.noise(28, 28, 7L);
    assertEquals(3 * 64 * 64, new ImagePreprocessor(ImageSpec.rgb(64)).toTensor(image).length);
    assertEquals(16 * 16, new ImagePreprocessor(ImageSpec.grey(16)).toTensor(image).length);
    float[] batch = new float[2 * 16 * 16 + 5];
    new ImagePreprocessor(ImageSpec.grey(16)).toTensor(image, batch, 16 * 16);
    assertEquals(0f, batch[0]); // before the offset: untouched
  }

  @Test
  void resizedSolidImageKeepsItsValue() {
    BufferedImage image = TestImages.solid(10, 6, BufferedImage.TYPE_INT_RGB, new Color(51, 51, 51));
    float[] t = new ImagePreprocessor(new ImageSpec(5, false, new float[] {0}, new float[] {1})).toTensor(image);
    for (float v : t) {
      assertEquals(0.2f, v, 1.5f / 255f);
    }
  }

  @Test
  void resizerKeepsAlpha() {
    BufferedImage image = TestImages.solid(8, 8, BufferedImage.TYPE_INT_ARGB, new Color(10, 20, 30, 0));
    BufferedImage small = ImageResizer.square(image, 4);
    assertEquals(4, small.getWidth());
    assertEquals(0, small.getRGB(2, 2) >>> 24);
    assertThrows(IllegalArgumentException.class, () -> ImageResizer.square(image, 0));
  }
}
