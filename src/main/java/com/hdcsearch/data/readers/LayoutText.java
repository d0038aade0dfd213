package com.hdcsearch.data.readers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the whitespace- or comma-separated annotation files of the official layouts, naming file and line on error. */
final class LayoutText {
  private LayoutText() {}

  /** One parsed line: its 1-based number and its fields. */
  record Row(Path file, int line, String[] fields) {
    String field(int i) {
      return fields[i];
    }

    int intField(int i, String what) throws IOException {
      try {
        return Integer.parseInt(fields[i]);
      } catch (NumberFormatException e) {
        throw error(what + " must be an integer, got '" + fields[i] + "'");
      }
    }

    IOException error(String problem) {
      return new IOException(file + " line " + line + ": " + problem);
    }
  }

  /**
   * The non-blank lines after {@code skip} header lines, split on runs of whitespace; each must have at least
   * {@code minFields} fields, as {@code format} describes.
   */
  static List<Row> whitespaceRows(Path file, int skip, int minFields, String format) throws IOException {
    return rows(file, skip, minFields, format, "\\s+");
  }

  /** Like {@link #whitespaceRows} for plain CSV (no quoted commas). */
  static List<Row> csvRows(Path file, int skip, int minFields, String format) throws IOException {
    return rows(file, skip, minFields, format, "\\s*,\\s*");
  }

  /** The {@code index}-th line (0-based) of a file, trimmed; an error naming the file when it is shorter. */
  static String line(Path file, int index) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() <= index) {
      throw new IOException(file + " has " + lines.size() + " lines, expected a header on line " + (index + 1));
    }
    return lines.get(index).strip();
  }

  private static List<Row> rows(Path file, int skip, int minFields, String format, String separator)
      throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Row> rows = new ArrayList<>(Math.max(0, lines.size() - skip));
    for (int i = skip; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      String[] fields = text.split(separator);
      Row row = new Row(file, i + 1, fields);
      if (fields.length < minFields) {
        throw row.error("expected '" + format + "', got '" + text + "'");
      }
      rows.add(row);
    }
    return rows;
  }
}
