package com.hdcsearch.mining;

import java.util.Arrays;

/**
 * FaceNet's semi-hard triplets: for each anchor-positive pair, the negative closest to the anchor among those farther
 * than the positive but inside the margin ({@code d_ap < d_an < d_ap + margin}). Anchor-positive pairs with no such
 * negative take the farthest negative closer than the positive (the least hard hard negative), so that no pair
 * contributes nothing. Works on any distance matrix where smaller means closer.
 */
public final class SemiHardTripletMiner {
  private final double margin;

  public SemiHardTripletMiner(double margin) {
    if (!(margin > 0)) {
      throw new IllegalArgumentException("margin must be positive, got: " + margin);
    }
    this.margin = margin;
  }

  /** One triplet per ordered anchor-positive pair that has any usable negative. */
  public TripletIndices mine(float[] d, int n, int[] labels) {
    if (d.length != n * n || labels.length != n) {
      throw new IllegalArgumentException("need an " + n + "x" + n + " matrix and " + n + " labels, got "
          + d.length + " and " + labels.length);
    }
    int[] a = new int[n * n];
    int[] p = new int[n * n];
    int[] neg = new int[n * n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j || labels[i] != labels[j]) {
          continue;
        }
        float dap = d[i * n + j];
        int semi = -1;
        int hard = -1;
        for (int k = 0; k < n; k++) {
          if (labels[k] == labels[i]) {
            continue;
          }
          float dan = d[i * n + k];
          if (dan > dap && dan < dap + margin) {
            if (semi < 0 || dan < d[i * n + semi]) {
              semi = k;
            }
          } else if (dan <= dap && (hard < 0 || dan > d[i * n + hard])) {
            hard = k;
          }
        }
        int chosen = semi >= 0 ? semi : hard;
        if (chosen >= 0) {
          a[count] = i;
          p[count] = j;
          neg[count++] = chosen;
        }
      }
    }
    return new TripletIndices(Arrays.copyOf(a, count), Arrays.copyOf(p, count), Arrays.copyOf(neg, count));
  }
}
