package com.hdcsearch.versions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The versions as {@code model.versions} tells them, applied in topic order: each version's latest event, the
 * history of transitions seen, which version serves and which one should. Pure state, no Kafka: the
 * {@link VersionRegistry} feeds it. Thread-safe.
 */
public final class VersionBook {
  private static final Logger LOG = Logger.getLogger(VersionBook.class);

  /** A version's latest event and the order in which it arrived (higher is later). */
  private record Entry(VersionEvent event, long sequence) {}

  private final Map<String, Entry> latest = new LinkedHashMap<>();
  private final List<VersionEvent> history = new ArrayList<>();
  private final List<Consumer<VersionEvent>> listeners = new CopyOnWriteArrayList<>();
  private long sequence;

  /**
   * Applies {@code event} if its transition is allowed and tells the listeners; an illegal one (e.g. SERVING of a
   * REJECTED version) is logged and ignored, so one bad writer cannot corrupt every instance's view. A version seen
   * for the first time is taken as it is: compaction may have removed its earlier events.
   *
   * @return whether the event was applied
   */
  public boolean apply(VersionEvent event) {
    synchronized (this) {
      Entry previous = latest.get(event.versionId());
      if (previous != null && !previous.event().status().canMoveTo(event.status())) {
        LOG.warnf("Ignoring an illegal transition of model version %s: %s -> %s (%s)", event.versionId(),
            previous.event().status(), event.status(), event.reason());
        return false;
      }
      latest.put(event.versionId(), new Entry(event, ++sequence));
      history.add(event);
    }
    for (Consumer<VersionEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.errorf(e, "A listener of model versions failed on %s %s", event.versionId(), event.status());
      }
    }
    return true;
  }

  /** Called after every applied event, on the thread that applied it. */
  public void addListener(Consumer<VersionEvent> listener) {
    listeners.add(listener);
  }

  /** The latest event of {@code versionId}. */
  public synchronized Optional<VersionEvent> get(String versionId) {
    return Optional.ofNullable(latest.get(versionId)).map(Entry::event);
  }

  /** Every version's latest event, in the order versions first appeared. */
  public synchronized List<VersionEvent> versions() {
    return latest.values().stream().map(Entry::event).toList();
  }

  /** Every transition applied, oldest first. */
  public synchronized List<VersionEvent> history() {
    return List.copyOf(history);
  }

  /** The version that serves: of those whose status is SERVING, the one that got there last. */
  public synchronized Optional<VersionEvent> serving() {
    return newest(VersionStatus.SERVING, VersionStatus.SERVING);
  }

  /**
   * The version that should serve: the most recent PROMOTED or SERVING one. When it is PROMOTED, instances swap to
   * it; when its swap fails it is REJECTED and the target falls back to the version serving before.
   */
  public synchronized Optional<VersionEvent> target() {
    return newest(VersionStatus.PROMOTED, VersionStatus.SERVING);
  }

  private Optional<VersionEvent> newest(VersionStatus a, VersionStatus b) {
    Entry best = null;
    for (Entry e : latest.values()) {
      VersionStatus s = e.event().status();
      if ((s == a || s == b) && (best == null || e.sequence() > best.sequence())) {
        best = e;
      }
    }
    return Optional.ofNullable(best).map(Entry::event);
  }
}
