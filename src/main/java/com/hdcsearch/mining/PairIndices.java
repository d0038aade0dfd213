package com.hdcsearch.mining;

import java.util.Arrays;

/**
 * Pairs of batch rows, PML style: positive pairs {@code (posA[i], posB[i])} share a class, negative pairs
 * {@code (negA[i], negB[i])} do not. Immutable; accessors hand out copies.
 */
public record PairIndices(int[] posA, int[] posB, int[] negA, int[] negB) {
  public PairIndices {
    if (posA.length != posB.length || negA.length != negB.length) {
      throw new IllegalArgumentException("index arrays differ in length: positives " + posA.length + "/" + posB.length
          + ", negatives " + negA.length + "/" + negB.length);
    }
    posA = posA.clone();
    posB = posB.clone();
    negA = negA.clone();
    negB = negB.clone();
  }

  /** Every unordered pair {@code i < j} of the batch, positives and negatives, in row-major order. */
  public static PairIndices allPairs(int[] labels) {
    int n = labels.length;
    int pos = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (labels[i] == labels[j]) {
          pos++;
        }
      }
    }
    int total = n * (n - 1) / 2;
    int[] pa = new int[pos];
    int[] pb = new int[pos];
    int[] na = new int[total - pos];
    int[] nb = new int[total - pos];
    int p = 0;
    int q = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (labels[i] == labels[j]) {
          pa[p] = i;
          pb[p++] = j;
        } else {
          na[q] = i;
          nb[q++] = j;
        }
      }
    }
    return new PairIndices(pa, pb, na, nb);
  }

  public int positives() {
    return posA.length;
  }

  public int negatives() {
    return negA.length;
  }

  public int size() {
    return posA.length + negA.length;
  }

  /** The pairs at the given positions of the positive and negative lists. */
  public PairIndices select(int[] positivePositions, int[] negativePositions) {
    int[] pa = new int[positivePositions.length];
    int[] pb = new int[positivePositions.length];
    for (int i = 0; i < pa.length; i++) {
      pa[i] = posA[positivePositions[i]];
      pb[i] = posB[positivePositions[i]];
    }
    int[] na = new int[negativePositions.length];
    int[] nb = new int[negativePositions.length];
    for (int i = 0; i < na.length; i++) {
      na[i] = negA[negativePositions[i]];
      nb[i] = negB[negativePositions[i]];
    }
    return new PairIndices(pa, pb, na, nb);
  }

  @Override
  public int[] posA() {
    return posA.clone();
  }

  @Override
  public int[] posB() {
    return posB.clone();
  }

  @Override
  public int[] negA() {
    return negA.clone();
  }

  @Override
  public int[] negB() {
    return negB.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairIndices p && Arrays.equals(posA, p.posA) && Arrays.equals(posB, p.posB)
        && Arrays.equals(negA, p.negA) && Arrays.equals(negB, p.negB);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(posA) + 31 * Arrays.hashCode(posB) + 961 * Arrays.hashCode(negA) + Arrays.hashCode(negB);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("PairIndices[pos=");
    for (int i = 0; i < posA.length; i++) {
      s.append(i == 0 ? "" : ",").append('(').append(posA[i]).append(',').append(posB[i]).append(')');
    }
    s.append(" neg=");
    for (int i = 0; i < negA.length; i++) {
      s.append(i == 0 ? "" : ",").append('(').append(negA[i]).append(',').append(negB[i]).append(')');
    }
    return s.append(']').toString();
  }
}
