package com.hdcsearch.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The producer's own record of what the broker acknowledged: per key the newest acknowledged record, and the keys
 * whose newest record's fate is unknown (the send failed when the service died: it may or may not be in the log).
 * What the service must serve after a restart follows from it alone. Every acknowledgement is also appended to a
 * file, {@code key seq kind partition offset}, for a look after the run. Thread-safe.
 */
public final class ProducerLog implements AutoCloseable {
  private final Map<String, CatalogEvent> acked = new HashMap<>();
  private final Map<String, CatalogEvent> sent = new HashMap<>();
  private final Set<String> inDoubt = new LinkedHashSet<>();
  private final BufferedWriter file;
  private long ackCount;
  private long failCount;

  /** A log that also appends to {@code path}. */
  public ProducerLog(Path path) throws IOException {
    this.file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Before the send: the newest record of its key, whatever becomes of it. */
  public synchronized void sent(CatalogEvent e) {
    sent.merge(e.key(), e, ProducerLog::newer);
  }

  /** The broker acknowledged {@code e} (acks=all) at {@code partition}/{@code offset}. */
  public synchronized void acked(CatalogEvent e, int partition, long offset) {
    acked.merge(e.key(), e, ProducerLog::newer);
    ackCount++;
    if (sent.get(e.key()).seq() == e.seq()) {
      inDoubt.remove(e.key());
    }
    try {
      file.write(e.key() + " " + e.seq() + " " + e.kind() + " " + partition + " " + offset + "\n");
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The send of {@code e} failed: the broker may have written it or not. */
  public synchronized void failed(CatalogEvent e) {
    inDoubt.add(e.key());
    failCount++;
  }

  /** The newest sent record of each key in doubt: re-sending them settles the doubt (a resend is idempotent). */
  public synchronized List<CatalogEvent> toResend() {
    List<CatalogEvent> out = new ArrayList<>();
    for (String key : inDoubt) {
      out.add(sent.get(key));
    }
    return out;
  }

  public synchronized int inDoubtCount() {
    return inDoubt.size();
  }

  public synchronized long ackCount() {
    return ackCount;
  }

  /** Sends that failed so far (each one's record in doubt until a newer one of its key is acknowledged). */
  public synchronized long failCount() {
    return failCount;
  }

  /** What the service must serve: per live key its newest acknowledged record (sorted by key). */
  public synchronized Map<String, CatalogEvent> live() {
    Map<String, CatalogEvent> out = new TreeMap<>();
    acked.forEach((k, e) -> {
      if (e.kind().live()) {
        out.put(k, e);
      }
    });
    return out;
  }

  /** Keys whose newest acknowledged record is a tombstone: they must not be found. */
  public synchronized Set<String> deleted() {
    Set<String> out = new LinkedHashSet<>();
    acked.forEach((k, e) -> {
      if (e.kind() == CatalogEvent.Kind.DELETE) {
        out.add(k);
      }
    });
    return out;
  }

  /** Keys of acknowledged records that validation must reject: each must be in the dead-letter topic. */
  public synchronized Set<String> rejected() {
    Set<String> out = new LinkedHashSet<>();
    acked.forEach((k, e) -> {
      if (e.kind() == CatalogEvent.Kind.BAD) {
        out.add(k);
      }
    });
    return out;
  }

  /** Writes what is buffered to the file. */
  public synchronized void flush() throws IOException {
    file.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    file.close();
  }

  private static CatalogEvent newer(CatalogEvent a, CatalogEvent b) {
    return a.seq() >= b.seq() ? a : b;
  }
}
