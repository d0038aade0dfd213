package com.hdcsearch.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a growing log file from a position on, and counts the lines that contain a mark. Not thread-safe. */
final class LogWatch {
  private final Path file;
  private long position;
  private String carry = "";

  /** Watches what is appended to {@code file} from now on. */
  LogWatch(Path file) throws IOException {
    this.file = file;
    this.position = Files.exists(file) ? Files.size(file) : 0;
  }

  /** How many lines appended since the last call contain {@code mark}. */
  int count(String mark) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    String text;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      if (length <= position) {
        return 0;
      }
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - position)];
      raf.seek(position);
      raf.readFully(bytes);
      position += bytes.length;
      text = carry + new String(bytes, StandardCharsets.UTF_8);
    }
    int lastNewline = text.lastIndexOf('\n');
    carry = text.substring(lastNewline + 1); // a line still being written counts when it is whole
    int n = 0;
    for (String line : text.substring(0, lastNewline + 1).split("\n")) {
      if (line.contains(mark)) {
        n++;
      }
    }
    return n;
  }
}
