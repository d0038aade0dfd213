package com.hdcsearch.online;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.serving.ServingModel;
import com.hdcsearch.stream.ImageDecoding;
import com.hdcsearch.stream.IngestService;
import com.hdcsearch.versions.ModelLifecycle;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * The service's online trainer: the topology's {@link TrainingFeed}, an {@link OnlineLearner} started after the
 * pipeline when {@code hdc.online.enabled}, its meters, and the pause/resume switch of the admin API.
 */
@ApplicationScoped
public class OnlineTrainingService implements TrainingFeed {
  private static final Logger LOG = Logger.getLogger(OnlineTrainingService.class);

  private final OnlineSettings settings;
  private final OnlineLearner learner;

  OnlineTrainingService(OnlineSettings settings, ModelLifecycle lifecycle, ServingModel model, ImageDecoding decoding,
      IngestService ingest, KafkaCluster kafka, MeterRegistry registry) {
    this.settings = settings;
    this.learner = settings.enabled()
        ? new OnlineLearner(OnlineOptions.of(settings), lifecycle, model::embedder, decoding, ingest::inputLag,
            new CatalogReplay(kafka.bootstrapServers(), java.util.Map.of()))
        : null;
    if (learner != null) {
      registerMeters(registry);
    }
  }

  void onStart(@Observes @Priority(30) StartupEvent event) {
    if (learner == null) {
      LOG.info("Online training is off (hdc.online.enabled=false): the serving model changes only by promotion");
      return;
    }
    learner.start();
    LOG.infof("Online trainer started (%s, %s mining); it trains once %d classes have arrived", settings.method(),
        settings.mining(), settings.minClasses());
  }

  void onStop(@Observes @Priority(4) ShutdownEvent event) throws InterruptedException {
    if (learner != null) {
      learner.close();
    }
  }

  @Override
  public void accepted(String itemId, CatalogImage image) {
    if (learner != null) {
      learner.accepted(itemId, image);
    }
  }

  @Override
  public void deleted(String itemId) {
    if (learner != null) {
      learner.deleted(itemId);
    }
  }

  /** Whether this instance trains at all. */
  public boolean enabled() {
    return learner != null;
  }

  /** @throws IllegalStateException when training is off */
  public void pause() {
    required().pause();
  }

  /** @throws IllegalStateException when training is off */
  public void resume() {
    required().resume();
  }

  public TrainingStatus status() {
    return learner == null ? new TrainingStatus(TrainerState.IDLE, false, 0, null, 0, 0, 0, 0, 0, 0, 0,
        "online training is off (hdc.online.enabled=false)", java.util.List.of()) : learner.status();
  }

  private OnlineLearner required() {
    if (learner == null) {
      throw new IllegalStateException("online training is off on this instance (hdc.online.enabled=false)");
    }
    return learner;
  }

  private void registerMeters(MeterRegistry registry) {
    gauge(registry, "hdc.online.steps", "online training steps", s -> s.steps());
    gauge(registry, "hdc.online.buffer.images", "images in the replay buffer", s -> s.bufferImages());
    gauge(registry, "hdc.online.buffer.classes", "classes in the replay buffer", s -> s.bufferClasses());
    gauge(registry, "hdc.online.heldout.unseen", "held-out items of unseen classes", s -> s.heldOutUnseen());
    gauge(registry, "hdc.online.heldout.seen", "held-out items of seen classes", s -> s.heldOutSeen());
    gauge(registry, "hdc.online.paused", "1 while an operator paused training", s -> s.paused() ? 1 : 0);
    gauge(registry, "hdc.online.yields", "times the trainer yielded to ingest", s -> s.yields());
    gauge(registry, "hdc.online.dropped", "changes the trainer's queue dropped", s -> s.dropped());
    gauge(registry, "hdc.online.images.per.second", "training throughput",
        s -> s.lastStep() == null ? 0 : s.lastStep().imagesPerSecond());
    gauge(registry, "hdc.online.loss", "loss of the latest step", s -> s.lastStep() == null ? 0 : s.lastStep().loss());
    for (int level = 0; level < 3; level++) {
      int l = level;
      levelGauge(registry, "hdc.online.level.hard.share", "share of the level's pairs that are hard", l,
          st -> st.hardShare());
      levelGauge(registry, "hdc.online.level.pairs.kept", "pairs the level trained on", l, st -> st.pairsKept());
      levelGauge(registry, "hdc.online.level.loss", "loss of the level", l, st -> st.loss());
    }
    for (String who : new String[] {"serving", "candidate"}) {
      Gauge.builder("hdc.online.heldout.r1", learner, x -> latestR1(x, who))
          .tag("model", who).description("held-out R@1 (unseen classes) at the latest gate decision")
          .register(registry);
    }
    Gauge.builder("hdc.online.promotions", learner, x -> x.history().stream().filter(GateRecord::promoted).count())
        .description("candidates the gate promoted").register(registry);
    Gauge.builder("hdc.online.rejections", learner, x -> x.history().stream().filter(g -> !g.promoted()).count())
        .description("candidates the gate rejected").register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<TrainingStatus> f) {
    Gauge.builder(name, learner, x -> f.applyAsDouble(x.status())).description(description).register(registry);
  }

  private void levelGauge(MeterRegistry registry, String name, String description, int level,
      ToDoubleFunction<com.hdcsearch.train.LevelStats> f) {
    Gauge.builder(name, learner, x -> {
      var last = x.status().lastStep();
      return last == null || last.levels().size() <= level ? 0 : f.applyAsDouble(last.levels().get(level));
    }).tag("level", Integer.toString(level + 1)).description(description).register(registry);
  }

  private static double latestR1(OnlineLearner learner, String who) {
    var history = learner.history();
    if (history.isEmpty()) {
      return Double.NaN;
    }
    GateRecord last = history.getLast();
    var m = who.equals("serving") ? last.servingMetrics() : last.candidateMetrics();
    return m.getOrDefault("unseen.r@1", m.getOrDefault("seen.r@1", Double.NaN));
  }

}
