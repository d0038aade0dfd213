package com.hdcsearch.data.readers;

import com.hdcsearch.data.DataRoots;
import com.hdcsearch.data.Dataset;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetSplit;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CARS196 (Stanford Cars) from {@value #ANNOTATIONS}, a CSV export of the official {@code cars_annos.mat}, and
 * {@code car_ims/}. The CSV has a header row naming at least the columns {@code relative_im_path} (e.g.
 * {@code car_ims/000001.jpg}, relative to the data set folder) and {@code class} (1-196); an optional
 * {@code class_name} column gives class names; other columns (bounding box, test flag) are ignored. Plain CSV: no
 * quoted commas. The .mat file itself is not read (it needs a MATLAB v5 parser); the how-to gives the export command.
 * The paper's split: classes 1-{@value #LAST_TRAIN_CLASS} "train", the rest "test". Label = class - 1; ids
 * {@code cars196-<image file name without extension>}.
 */
public final class Cars196Reader extends OfficialLayoutReader {
  public static final String NAME = "cars196";
  public static final String ANNOTATIONS = "cars_annos.csv";
  public static final int CLASSES = 196;
  public static final int LAST_TRAIN_CLASS = 98;

  /** Exports cars_annos.mat to the CSV this reader expects (scipy reads MATLAB v5 files). */
  public static final String EXPORT_COMMAND = "python3 -c \"import scipy.io,csv; a=scipy.io.loadmat('cars_annos.mat')"
      + "['annotations'][0]; w=csv.writer(open('cars_annos.csv','w',newline='')); w.writerow(['relative_im_path','class']);"
      + " [w.writerow([r['relative_im_path'][0], int(r['class'][0][0])]) for r in a]\"";

  private final ImageDecoder decoder;

  public Cars196Reader(DataRoots roots, ImageDecoder decoder) {
    super(roots);
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected List<String> requiredFiles() {
    return List.of(ANNOTATIONS, "car_ims/");
  }

  @Override
  protected String howToGet(Path dir) {
    String export = "then, in " + dir + ", export the annotations to CSV: " + EXPORT_COMMAND;
    if (Files.isRegularFile(dir.resolve("cars_annos.mat"))) {
      return "Found cars_annos.mat but no " + ANNOTATIONS + "; " + export;
    }
    return "Download car_ims.tgz and cars_annos.mat of the Stanford Cars data set"
        + " (https://ai.stanford.edu/~jkrause/cars/car_dataset.html) into " + dir + ", unpack car_ims.tgz there, " + export;
  }

  @Override
  protected Dataset readLayout(Path dir, DatasetOptions options) throws IOException {
    Path csv = dir.resolve(ANNOTATIONS);
    List<String> header = Arrays.stream(LayoutText.line(csv, 0).split("\\s*,\\s*")).toList();
    int pathColumn = header.indexOf("relative_im_path");
    int classColumn = header.indexOf("class");
    int nameColumn = header.indexOf("class_name");
    if (pathColumn < 0 || classColumn < 0) {
      throw new IOException(csv + " line 1: the header needs columns relative_im_path and class, got " + header);
    }
    int minFields = Math.max(Math.max(pathColumn, classColumn), nameColumn) + 1;
    List<LabelledImage> train = new ArrayList<>();
    List<LabelledImage> test = new ArrayList<>();
    for (LayoutText.Row row : LayoutText.csvRows(csv, 1, minFields, String.join(",", header))) {
      int classId = row.intField(classColumn, "class");
      if (classId < 1 || classId > CLASSES) {
        throw row.error("class must be in 1.." + CLASSES + ", got " + classId);
      }
      String path = row.field(pathColumn);
      String fileName = Path.of(path).getFileName().toString();
      String stem = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
      String className = nameColumn >= 0 ? row.field(nameColumn) : "class-" + classId;
      LabelledImage image = new LabelledImage(NAME + "-" + stem, classId - 1, className,
          new FileImageSource(dir.resolve(path), decoder));
      (classId <= LAST_TRAIN_CLASS ? train : test).add(image);
    }
    Map<String, DatasetSplit> splits = new LinkedHashMap<>();
    splits.put("train", new DatasetSplit("train", train));
    splits.put("test", new DatasetSplit("test", test));
    return new Dataset(NAME, splits);
  }
}
