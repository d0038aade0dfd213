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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stanford Online Products from {@code Ebay_train.txt} and {@code Ebay_test.txt} (header
 * {@value #HEADER}, then one image a line, the path relative to the data set folder). The official files are the
 * paper's split (11,318 / 11,316 classes). Label = class_id - 1; class name {@code <super folder>/<class_id>}; ids
 * {@code sop-<split>-<image_id>}.
 */
public final class StanfordOnlineProductsReader extends OfficialLayoutReader {
  public static final String NAME = "sop";
  public static final String HEADER = "image_id class_id super_class_id path";

  private final ImageDecoder decoder;

  public StanfordOnlineProductsReader(DataRoots roots, ImageDecoder decoder) {
    super(roots);
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String archiveFolder() {
    return "Stanford_Online_Products";
  }

  @Override
  protected List<String> requiredFiles() {
    return List.of("Ebay_train.txt", "Ebay_test.txt");
  }

  @Override
  protected String howToGet(Path dir) {
    return "Download Stanford_Online_Products.zip (https://cvgl.stanford.edu/projects/lifted_struct/) and unzip it"
        + " into " + dir + ", so that " + dir + "/Stanford_Online_Products/Ebay_train.txt exists.";
  }

  @Override
  protected Dataset readLayout(Path dir, DatasetOptions options) throws IOException {
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    splits.put("train", readSplit(dir, "train", dir.resolve("Ebay_train.txt")));
    splits.put("test", readSplit(dir, "test", dir.resolve("Ebay_test.txt")));
    return new Dataset(NAME, splits);
  }

  private DatasetSplit readSplit(Path dir, String split, Path file) throws IOException {
    String header = String.join(" ", LayoutText.line(file, 0).split("\\s+"));
    if (!header.equals(HEADER)) {
      throw new IOException(file + " line 1: expected the header '" + HEADER + "', got '" + header + "'");
    }
    List<LabelledImage> images = new ArrayList<>();
    for (LayoutText.Row row : LayoutText.whitespaceRows(file, 1, 4, HEADER)) {
      int classId = row.intField(1, "class_id");
      if (classId < 1) {
        throw row.error("class_id must be at least 1, got " + classId);
      }
      String path = row.field(3);
      int slash = path.indexOf('/');
      String superFolder = slash < 0 ? "" : path.substring(0, slash);
      images.add(new LabelledImage(NAME + "-" + split + "-" + row.field(0), classId - 1, superFolder + "/" + classId,
          new FileImageSource(dir.resolve(path), decoder)));
    }
    return new DatasetSplit(split, images);
  }
}
