package com.hdcsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static final long SEED = 53L;
  private static final int A = 7;
  private static final int B = 3;

  @Test
  void zeroShotOnTheCircle() {
    EvalReport report = new Evaluator()
        .evaluate(ExactNeighboursTest.CIRCLE, RecallAtKTest.CIRCLE_LABELS, List.of(1, 2, 4), SEED);

    assertEquals(Map.of(1, 0.2, 2, 0.6, 4, 1.0), report.recall());
    assertEquals(0.2, report.mapAtR(), 1e-15);
    assertEquals(5, report.images());
    assertEquals(2, report.classes());
    assertEquals(5, report.queries());
    assertEquals(5, report.gallery());
    assertTrue(report.nmi() >= 0.0 && report.nmi() <= 1.0, "nmi=" + report.nmi());
  }

  @Test
  void queryVsGalleryKeepsTheQuerysTwinInTheGallery() {
    float[][] query = {{1f, 0f}, {0f, 1f}};
    int[] queryLabels = {A, A};
    float[][] gallery = {{1f, 0f}, {0.8f, 0.6f}, {0f, 1f}, {-1f, 0f}};
    int[] galleryLabels = {A, B, B, A};

    EvalReport report = new Evaluator().evaluate(query, queryLabels, gallery, galleryLabels, List.of(1, 2, 3), SEED);

    // q0 ranks [g0 A, g1 B, ...]: hit at 1, AP@2 = 1/2. q1 ranks [g2 B, g1 B, g0 A]: hit at 3, AP@2 = 0.
    assertEquals(Map.of(1, 0.5, 2, 0.5, 3, 1.0), report.recall());
    assertEquals(0.25, report.mapAtR(), 1e-15);
    assertEquals(1.0, report.nmi(), "one query class, one cluster");
    assertEquals(6, report.images());
    assertEquals(2, report.classes());
    assertEquals(2, report.queries());
    assertEquals(4, report.gallery());
  }

  @Test
  void separatedBlobsScorePerfectlyAndReproducibly() {
    int[] labels = new int[200];
    float[][] points = KMeansTest.blobs(new Random(SEED), labels);
    Evaluator evaluator = new Evaluator(DotKernel.SIMD, 16, KMeans.DEFAULT_MAX_ITERATIONS);

    EvalReport first = evaluator.evaluate(points, labels, RecallKs.SMALL, SEED);
    EvalReport second = new Evaluator().evaluate(points, labels, RecallKs.SMALL, SEED);

    assertEquals(Map.of(1, 1.0, 2, 1.0, 4, 1.0, 8, 1.0), first.recall());
    assertEquals(1.0, first.mapAtR(), "seed=" + SEED);
    assertEquals(1.0, first.nmi(), 1e-12, "seed=" + SEED);
    assertEquals(first.recall(), second.recall());
    assertEquals(first.mapAtR(), second.mapAtR());
    assertEquals(first.nmi(), second.nmi());
  }

  @Test
  void argumentsAreChecked() {
    Evaluator evaluator = new Evaluator();
    IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
        () -> evaluator.evaluate(ExactNeighboursTest.CIRCLE, new int[] {A, B}, List.of(1), SEED));
    assertTrue(labels.getMessage().contains("got: 2"), labels.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> evaluator.evaluate(new float[][] {{1f, 0f}}, new int[] {A}, List.of(1), SEED));
    assertThrows(IllegalArgumentException.class,
        () -> evaluator.evaluate(ExactNeighboursTest.CIRCLE, RecallAtKTest.CIRCLE_LABELS, List.of(), SEED));
  }
}
