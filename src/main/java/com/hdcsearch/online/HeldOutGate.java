package com.hdcsearch.online;

import com.hdcsearch.eval.RecallKs;
import com.hdcsearch.model.Embedder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a candidate model may replace the serving one, from both models' scores on the same held-out
 * snapshot. The unseen classes are the primary check (the method's zero-shot protocol): promote iff the candidate's
 * unseen R@1 is at least the serving one's plus {@code margin}, and its seen R@1 at most {@code seenTolerance} below
 * (not forgetting). With fewer than {@code minClasses} unseen classes of 2+ items, the seen part is the primary check
 * (with the margin); with neither, nothing is promoted. A part below {@code minClasses} is not scored. Classes of a
 * single held-out item are left out of scoring: they can only be missed, by both models alike.
 */
public final class HeldOutGate {
  /** R@1 gain the candidate must show: about one query in 200, above seeded run-to-run noise of a fixed snapshot. */
  public static final double DEFAULT_MARGIN = 0.005;
  /** Seen R@1 the candidate may lose while improving the unseen classes. */
  public static final double DEFAULT_SEEN_TOLERANCE = 0.02;
  /** Fewer classes than this make a part too small to judge a model by. */
  public static final int DEFAULT_MIN_CLASSES = 5;
  /** Comparisons of recall fractions made of sums: a tie must not fail on the last bit. */
  private static final double EPS = 1e-9;
  static final String UNSEEN = "unseen";
  static final String SEEN = "seen";
  private static final String R1 = ".r@1";

  private final double margin;
  private final double seenTolerance;
  private final int minClasses;
  private final HeldOutScores scores;

  /** The decision with both models' metrics ({@code unseen.r@1}, {@code seen.map@r}, ...); the maps are unmodifiable. */
  public record Decision(boolean promote, String reason, Map<String, Double> servingMetrics,
      Map<String, Double> candidateMetrics) {
    public Decision {
      servingMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(servingMetrics));
      candidateMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(candidateMetrics));
    }
  }

  /**
   * @param margin R@1 gain required on the primary part, >= 0
   * @param seenTolerance seen R@1 loss allowed when the unseen part is primary, >= 0
   * @param minClasses classes of 2+ items a part needs to be scored, >= 2
   * @param ks Recall@K values to report; must include 1, which the rule reads
   * @param seed seeds the evaluation's k-means (NMI)
   */
  public HeldOutGate(double margin, double seenTolerance, int minClasses, List<Integer> ks, long seed) {
    if (!(margin >= 0)) {
      throw new IllegalArgumentException("margin must be >= 0, got: " + margin);
    }
    if (!(seenTolerance >= 0)) {
      throw new IllegalArgumentException("seenTolerance must be >= 0, got: " + seenTolerance);
    }
    if (minClasses < 2) {
      throw new IllegalArgumentException("minClasses must be at least 2, got: " + minClasses);
    }
    if (ks == null || !ks.contains(1)) {
      throw new IllegalArgumentException("ks must include 1 (the rule compares R@1), got: " + ks);
    }
    this.margin = margin;
    this.seenTolerance = seenTolerance;
    this.minClasses = minClasses;
    this.scores = new HeldOutScores(ks, seed);
  }

  /** The default margin, tolerance and class minimum, R@{1, 2, 4, 8}. */
  public static HeldOutGate defaults(long seed) {
    return new HeldOutGate(DEFAULT_MARGIN, DEFAULT_SEEN_TOLERANCE, DEFAULT_MIN_CLASSES, RecallKs.SMALL, seed);
  }

  /** Scores both models on {@code snapshot} and applies the rule. */
  public Decision decide(Embedder serving, Embedder candidate, HeldOutSet.Snapshot snapshot) {
    HeldOutSet.Part unseen = snapshot.unseen().withoutSingletons();
    HeldOutSet.Part seen = snapshot.seen().withoutSingletons();
    Map<String, Double> servingMetrics = new LinkedHashMap<>();
    Map<String, Double> candidateMetrics = new LinkedHashMap<>();
    for (var part : List.of(Map.entry(UNSEEN, unseen), Map.entry(SEEN, seen))) {
      if (part.getValue().classes() >= minClasses) {
        scores.score(part.getKey(), serving, part.getValue(), servingMetrics);
        scores.score(part.getKey(), candidate, part.getValue(), candidateMetrics);
      }
    }
    return rule(servingMetrics, candidateMetrics, unseen.classes(), seen.classes());
  }

  /** The rule on already computed metrics; a part is present iff its {@code .r@1} key is. */
  Decision rule(Map<String, Double> serving, Map<String, Double> candidate, int unseenClasses, int seenClasses) {
    boolean hasUnseen = serving.containsKey(UNSEEN + R1);
    boolean hasSeen = serving.containsKey(SEEN + R1);
    if (!hasUnseen && !hasSeen) {
      return new Decision(false, String.format(Locale.ROOT, "reject: not enough held-out data: %d unseen and %d seen "
          + "classes with 2+ items, each part needs %d", unseenClasses, seenClasses, minClasses), serving, candidate);
    }
    StringBuilder reason = new StringBuilder();
    boolean promote;
    if (hasUnseen) {
      promote = gain(UNSEEN, serving, candidate, reason);
      reason.append("; ");
      if (hasSeen) {
        promote &= keeps(serving, candidate, reason);
      } else {
        reason.append(String.format(Locale.ROOT, "seen check skipped (%d seen classes with 2+ items < %d)",
            seenClasses, minClasses));
      }
    } else {
      reason.append(String.format(Locale.ROOT, "unseen check skipped (%d unseen classes with 2+ items < %d), seen is "
          + "the primary check: ", unseenClasses, minClasses));
      promote = gain(SEEN, serving, candidate, reason);
    }
    return new Decision(promote, (promote ? "promote: " : "reject: ") + reason, serving, candidate);
  }

  /** Whether the candidate gains at least the margin on {@code part}'s R@1; describes it. */
  private boolean gain(String part, Map<String, Double> serving, Map<String, Double> candidate, StringBuilder out) {
    double s = serving.get(part + R1);
    double c = candidate.get(part + R1);
    boolean pass = c - s >= margin - EPS;
    out.append(String.format(Locale.ROOT, "%s R@1 %.3f vs %.3f (%+.3f %s margin %.3f)", part, c, s, c - s,
        pass ? "≥" : "<", margin));
    return pass;
  }

  /** Whether the candidate's seen R@1 stays within the tolerance below the serving one's; describes it. */
  private boolean keeps(Map<String, Double> serving, Map<String, Double> candidate, StringBuilder out) {
    double s = serving.get(SEEN + R1);
    double c = candidate.get(SEEN + R1);
    boolean pass = c - s >= -seenTolerance - EPS;
    out.append(String.format(Locale.ROOT, "seen R@1 %.3f vs %.3f (%+.3f %s tolerance -%.3f)", c, s, c - s,
        pass ? "within" : "beyond", seenTolerance));
    return pass;
  }
}
