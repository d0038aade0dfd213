package com.hdcsearch.online.bench;

import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.data.RetrievalSplits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Which classes of the data set the online bench streams. The service holds out its own zero-shot labels from
 * whatever it is sent, so the bench's R@1 is always on classes the trainer never saw; but a setting of the online
 * trainer chosen by that R@1 has then been chosen on those classes. To choose fairly (Musgrave et al.), tune on
 * {@link #VALIDATION} (only the zero-shot training classes, those the quality bench trains on) and report once on
 * {@link #TEST} (only the other half): the two runs share no class.
 */
public enum StreamedClasses {
  /** Every image of every split: the whole catalog, as a deployment would see it (the default). */
  ALL,
  /** Only the zero-shot "train" classes ({@link RetrievalSplits}): for choosing settings. */
  VALIDATION,
  /** Only the zero-shot "test" classes, disjoint from {@link #VALIDATION}: for reporting once. */
  TEST;

  /** Parses {@code all}, {@code validation} or {@code test}, case-insensitively. */
  public static StreamedClasses parse(String name) {
    for (StreamedClasses c : values()) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("protocol must be all, validation or test, got: " + name);
  }

  /** The images of {@code dataset} that this choice streams, in a stable order. */
  List<LabelledImage> read(DatasetRegistry registry, String dataset) {
    if (this == ALL) {
      Dataset data = registry.read(dataset, DatasetOptions.defaults());
      List<LabelledImage> all = new ArrayList<>();
      for (String split : new TreeSet<>(data.splits().keySet())) {
        all.addAll(data.split(split).images());
      }
      return all;
    }
    Dataset zeroShot = RetrievalSplits.zeroShot(registry, dataset, DatasetOptions.defaults());
    return new ArrayList<>(zeroShot.split(this == VALIDATION ? "train" : "test").images());
  }

  /** The lower-case name, as the command line takes it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
