package com.hdcsearch.serving;

import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.kafka.KafkaConnected;
import com.hdcsearch.model.ModelSettings;
import com.hdcsearch.stream.ServingBeans;
import com.hdcsearch.versions.ModelLifecycle;
import io.quarkus.runtime.PreventFurtherStepsException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The order of a boot. The Kafka side (connect or start the embedded broker, create the topics, read
 * {@code model.versions}, then {@link KafkaConnected}: the pipeline, the swap controller, the trainer) runs on the
 * boot thread, so HTTP opens after it, unless {@link LocalServing} finds a complete local state: then the serving
 * model and index are opened from disk first, HTTP opens and lookups answer while the Kafka side starts on a thread
 * of its own. Readiness stays DOWN until the pipeline runs; {@code /q/health/group/lookups} says when lookups answer.
 */
@ApplicationScoped
public class ServingBoot {
  private static final Logger LOG = Logger.getLogger(ServingBoot.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final KafkaCluster kafka;
  private final ModelLifecycle lifecycle;
  private final LocalServing local;
  private final Instance<ServingModel> model;
  private final ServingBeans beans;
  private final ModelSettings modelSettings;
  private final Event<KafkaConnected> connected;
  private Thread background;
  private volatile boolean stopping;
  private volatile boolean kafkaSideUp;

  ServingBoot(KafkaCluster kafka, ModelLifecycle lifecycle, LocalServing local, Instance<ServingModel> model,
      ServingBeans beans, ModelSettings modelSettings, Event<KafkaConnected> connected) {
    this.kafka = kafka;
    this.lifecycle = lifecycle;
    this.local = local;
    this.model = model;
    this.beans = beans;
    this.modelSettings = modelSettings;
    this.connected = connected;
  }

  /** First of the startup observers: everything else of the boot follows from here. */
  void onStart(@Observes @Priority(1) StartupEvent event) {
    long start = System.nanoTime();
    Optional<LocalServing.Early> early = local.early();
    if (early.isEmpty()) {
      startKafkaSide(start, false);
      return;
    }
    ServingModel serving = model.get();
    LOG.infof("Early lookups: model %s and its index are open in %d ms, from this instance's own state; Kafka, "
        + "model.versions and the pipeline start in the background (readiness waits for them)",
        serving.modelVersion(), millisSince(start));
    synchronized (this) {
      background = new Thread(() -> startKafkaSide(start, true), "boot-kafka-side");
      background.setDaemon(true);
      background.start();
    }
  }

  /** True once Kafka is connected, {@code model.versions} read and the pipeline started. */
  public boolean kafkaSideUp() {
    return kafkaSideUp;
  }

  private void startKafkaSide(long start, boolean early) {
    try {
      kafka.start();
      lifecycle.registry();
      if (early) {
        beans.registerBootVersion(modelSettings, lifecycle);
      }
      connected.fire(new KafkaConnected(millisSince(start)));
      kafkaSideUp = true;
      LOG.infof("Kafka side started %d ms after the boot began%s", millisSince(start),
          early ? " (lookups were answered meanwhile)" : "");
    } catch (IOException e) {
      fail(new UncheckedIOException(e), early);
    } catch (RuntimeException e) {
      fail(e, early);
    }
  }

  /** On the boot thread the failure fails the boot as before; in the background it ends the process. */
  private void fail(RuntimeException e, boolean early) {
    if (!early) {
      throw e;
    }
    if (stopping) {
      LOG.infof("The Kafka side's start was cut short by the shutdown (%s)", e.getMessage());
      return;
    }
    int code = e.getCause() instanceof PreventFurtherStepsException p ? p.getExitCode() : 1;
    LOG.errorf(e, "The Kafka side could not start: the service stops (exit %d)", code);
    System.err.println("hdc: " + e.getMessage());
    Quarkus.asyncExit(code);
  }

  /** Before anything else stops: a Kafka side still starting finishes or gives up first. */
  void onStop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
    stopping = true;
    Thread t;
    synchronized (this) {
      t = background;
    }
    if (t != null && t.isAlive()) {
      t.interrupt();
      t.join(TimeUnit.SECONDS.toMillis(STOP_WAIT.toSeconds()));
    }
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
