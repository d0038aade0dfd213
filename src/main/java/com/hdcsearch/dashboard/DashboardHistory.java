package com.hdcsearch.dashboard;

import io.quarkus.runtime.ShutdownEvent;
import com.hdcsearch.kafka.KafkaConnected;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The dashboard's server-side history: one scheduled sampler reads {@link ServiceFigures} once per resolution slot
 * into a bounded {@link History}, from start to stop, so that every viewer and every reload sees the same curves.
 */
@ApplicationScoped
public class DashboardHistory {
  private static final Logger LOG = Logger.getLogger(DashboardHistory.class);
  /** The timer fires this long after a slot starts, so that a slightly early wake-up still lands in the slot. */
  private static final long FIRE_AFTER_SLOT_MILLIS = 20;

  private final ServiceFigures figures;
  private final History history;
  private ScheduledExecutorService timer;

  DashboardHistory(DashboardSettings settings, ServiceFigures figures) {
    this.figures = figures;
    this.history = new History(settings.resolution(), settings.retention());
  }

  /** After the ingest pipeline (priority 10) and the trainer (30) have started. */
  synchronized void onStart(@Observes @Priority(40) KafkaConnected event) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dashboard-sampler");
      t.setDaemon(true);
      return t;
    });
    long resolution = history.resolution().toMillis();
    long now = System.currentTimeMillis();
    long firstDelay = history.slotOf(now) + resolution + FIRE_AFTER_SLOT_MILLIS - now;
    timer.scheduleAtFixedRate(this::sampleNow, firstDelay, resolution, TimeUnit.MILLISECONDS);
    LOG.debugf("Dashboard history: a sample every %s, %d kept", history.resolution(), history.capacity());
  }

  synchronized void onStop(@Observes @Priority(5) ShutdownEvent event) throws InterruptedException {
    if (timer != null) {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
      timer = null;
    }
  }

  /** Takes the sample of the current slot unless it was taken; the timer's task. */
  void sampleNow() {
    // A failing read must not end the schedule (an exception cancels a periodic task): log and try next slot.
    try {
      sample(System.currentTimeMillis());
    } catch (RuntimeException e) {
      LOG.warn("Dashboard sample failed; the next slot tries again", e);
    }
  }

  /** Reads the figures into the slot of {@code nowMillis}, once per slot. */
  boolean sample(long nowMillis) {
    if (!history.isNewSlot(nowMillis)) {
      return false;
    }
    return history.add(nowMillis, figures.read(nowMillis));
  }

  /** The samples. */
  public History history() {
    return history;
  }
}
