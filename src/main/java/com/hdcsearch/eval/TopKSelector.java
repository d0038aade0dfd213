package com.hdcsearch.eval;

/**
 * Keeps the k best (score, index) pairs offered to it: higher score first, and on equal scores the lower index first,
 * so that results do not depend on the order of offers. The heap arrays are scratch buffers reused across queries.
 */
final class TopKSelector {

  private final int capacity;
  // Min-heap on "quality": the root is the worst kept pair.
  private final float[] scores;
  private final int[] indices;
  private int size;

  TopKSelector(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got: " + capacity);
    }
    this.capacity = capacity;
    this.scores = new float[capacity];
    this.indices = new int[capacity];
  }

  /** Forgets every kept pair. */
  void reset() {
    size = 0;
  }

  /** Offers one pair; it is kept if fewer than k are kept or it beats the worst kept one. */
  void offer(float score, int index) {
    if (size < capacity) {
      int i = size++;
      scores[i] = score;
      indices[i] = index;
      siftUp(i);
    } else if (worse(scores[0], indices[0], score, index)) {
      scores[0] = score;
      indices[0] = index;
      siftDown(0);
    }
  }

  /**
   * Offers {@code row[offset + i]} with index {@code i} for every i in [0, length) except {@code skip} (pass -1 to skip
   * nothing), in increasing index order. Faster than {@link #offer} per entry: once full, an entry that does not beat
   * the worst kept score strictly is dropped with one comparison, since an equal score with a higher index ranks after.
   */
  void offerRow(float[] row, int offset, int length, int skip) {
    int i = 0;
    for (; i < length && size < capacity; i++) {
      if (i != skip) {
        offer(row[offset + i], i);
      }
    }
    float worst = size == 0 ? Float.NEGATIVE_INFINITY : scores[0];
    for (; i < length; i++) {
      float score = row[offset + i];
      if (score > worst && i != skip) {
        scores[0] = score;
        indices[0] = i;
        siftDown(0);
        worst = scores[0];
      }
    }
  }

  /** Number of kept pairs. */
  int size() {
    return size;
  }

  /**
   * Writes the kept pairs best first into {@code outIndices} and {@code outScores} from {@code offset}, then empties
   * the selector.
   */
  void drainBestFirst(int[] outIndices, float[] outScores, int offset) {
    for (int pos = size - 1; pos >= 0; pos--) {
      outIndices[offset + pos] = indices[0];
      outScores[offset + pos] = scores[0];
      size--;
      if (size > 0) {
        scores[0] = scores[size];
        indices[0] = indices[size];
        siftDown(0);
      }
    }
  }

  /** True if pair a ranks after pair b. */
  private static boolean worse(float scoreA, int indexA, float scoreB, int indexB) {
    return scoreA < scoreB || (scoreA == scoreB && indexA > indexB);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(scores[i], indices[i], scores[parent], indices[parent])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int right = left + 1;
      int worst = left;
      if (right < size && worse(scores[right], indices[right], scores[left], indices[left])) {
        worst = right;
      }
      if (!worse(scores[worst], indices[worst], scores[i], indices[i])) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    int x = indices[a];
    indices[a] = indices[b];
    indices[b] = x;
  }
}
