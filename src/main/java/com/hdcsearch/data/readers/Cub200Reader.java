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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CUB-200-2011 in its official layout: {@code images.txt} ({@code <image_id> <path>}),
 * {@code image_class_labels.txt} ({@code <image_id> <class_id>}, 1-200) and {@code images/<path>}. The paper's split:
 * classes 1-{@value #LAST_TRAIN_CLASS} "train", the rest "test". Label = class id - 1; class name from the image's
 * folder ({@code 001.Black_footed_Albatross} gives {@code Black_footed_Albatross}); ids {@code cub200-<image_id>}.
 */
public final class Cub200Reader extends OfficialLayoutReader {
  public static final String NAME = "cub200";
  public static final int CLASSES = 200;
  public static final int LAST_TRAIN_CLASS = 100;

  private final ImageDecoder decoder;

  public Cub200Reader(DataRoots roots, ImageDecoder decoder) {
    super(roots);
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String archiveFolder() {
    return "CUB_200_2011";
  }

  @Override
  protected List<String> requiredFiles() {
    return List.of("images.txt", "image_class_labels.txt", "images/");
  }

  @Override
  protected String howToGet(Path dir) {
    return "Download CUB_200_2011.tgz from https://www.vision.caltech.edu/datasets/cub_200_2011/ and unpack it into "
        + dir + " (tar xzf CUB_200_2011.tgz -C " + dir + "), so that " + dir + "/CUB_200_2011/images.txt exists.";
  }

  @Override
  protected Dataset readLayout(Path dir, DatasetOptions options) throws IOException {
    Map<String, Integer> classOf = new HashMap<>();
    for (LayoutText.Row row : LayoutText.whitespaceRows(dir.resolve("image_class_labels.txt"), 0, 2, "<image_id> <class_id>")) {
      int classId = row.intField(1, "class_id");
      if (classId < 1 || classId > CLASSES) {
        throw row.error("class_id must be in 1.." + CLASSES + ", got " + classId);
      }
      classOf.put(row.field(0), classId);
    }
    List<LabelledImage> train = new ArrayList<>();
    List<LabelledImage> test = new ArrayList<>();
    for (LayoutText.Row row : LayoutText.whitespaceRows(dir.resolve("images.txt"), 0, 2, "<image_id> <path>")) {
      String imageId = row.field(0);
      Integer classId = classOf.get(imageId);
      if (classId == null) {
        throw row.error("image " + imageId + " has no line in image_class_labels.txt");
      }
      String path = row.field(1);
      LabelledImage image = new LabelledImage(NAME + "-" + imageId, classId - 1, className(path),
          new FileImageSource(dir.resolve("images").resolve(path), decoder));
      (classId <= LAST_TRAIN_CLASS ? train : test).add(image);
    }
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    splits.put("train", new DatasetSplit("train", train));
    splits.put("test", new DatasetSplit("test", test));
    return new Dataset(NAME, splits);
  }

  /** The folder of {@code 001.Black_footed_Albatross/x.jpg} without its number. */
  private static String className(String path) {
    int slash = path.indexOf('/');
    String folder = slash < 0 ? path : path.substring(0, slash);
    int dot = folder.indexOf('.');
    return dot < 0 ? folder : folder.substring(dot + 1);
  }
}
