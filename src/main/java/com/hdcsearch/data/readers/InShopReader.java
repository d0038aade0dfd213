package com.hdcsearch.data.readers;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * DeepFashion In-shop Clothes Retrieval from {@code list_eval_partition.txt} (line 1: the image count; line 2: the
 * header {@value #HEADER}; then {@code img/... id_00000002 train|query|gallery}) and {@code img/}. Splits "train",
 * "query", "gallery" as the file says. Label = index of the item id among all item ids sorted, so query and gallery
 * share labels; class name = item id; ids {@code inshop-<split>-<index within the split>}.
 */
public final class InShopReader extends OfficialLayoutReader {
  public static final String NAME = "inshop";
  public static final String HEADER = "image_name item_id evaluation_status";
  public static final List<String> SPLITS = List.of("train", "query", "gallery");
  static final String PARTITION = "list_eval_partition.txt";

  private final ImageDecoder decoder;

  public InShopReader(DataRoots roots, ImageDecoder decoder) {
    super(roots);
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected List<String> requiredFiles() {
    return List.of(PARTITION, "img/");
  }

  @Override
  protected String howToGet(Path dir) {
    return "Download the In-shop Clothes Retrieval Benchmark of DeepFashion"
        + " (https://mmlab.ie.cuhk.edu.hk/projects/DeepFashion/InShopRetrieval.html): copy Eval/" + PARTITION
        + " into " + dir + " and unzip Img/img.zip there, so that " + dir + "/img/ exists.";
  }

  @Override
  protected Dataset readLayout(Path dir, DatasetOptions options) throws IOException {
    Path file = dir.resolve(PARTITION);
    String header = String.join(" ", LayoutText.line(file, 1).split("\\s+"));
    if (!header.equals(HEADER)) {
      throw new IOException(file + " line 2: expected the header '" + HEADER + "', got '" + header + "'");
    }
    List<LayoutText.Row> rows = LayoutText.whitespaceRows(file, 2, 3, HEADER);
    String declared = LayoutText.line(file, 0);
    if (!declared.equals(String.valueOf(rows.size()))) {
      // The first line is the image count: a mismatch means a cut-off or edited file.
      throw new IOException(file + " line 1 declares " + declared + " images, the file lists " + rows.size());
    }
    TreeSet<String> items = new TreeSet<>();
    rows.forEach(r -> items.add(r.field(1)));
    List<String> sortedItems = new ArrayList<>(items);

    Map<String, List<LabelledImage>> bySplit = new LinkedHashMap<>();
    SPLITS.forEach(s -> bySplit.put(s, new ArrayList<>()));
    for (LayoutText.Row row : rows) {
      List<LabelledImage> split = bySplit.get(row.field(2));
      if (split == null) {
        throw row.error("evaluation_status must be one of " + SPLITS + ", got '" + row.field(2) + "'");
      }
      String item = row.field(1);
      split.add(new LabelledImage(NAME + "-" + row.field(2) + "-" + split.size(),
          Collections.binarySearch(sortedItems, item), item,
          new FileImageSource(dir.resolve(row.field(0)), decoder)));
    }
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    bySplit.forEach((name, images) -> splits.put(name, new DatasetSplit(name, images)));
    return new Dataset(NAME, splits);
  }
}
