package com.hdcsearch.online;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.cluster.ClusterSettings;
import com.hdcsearch.cluster.TrainerLeadership;
import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.serving.ServingModel;
import com.hdcsearch.stream.ImageDecoding;
import com.hdcsearch.stream.IngestService;
import com.hdcsearch.stream.StreamSettings;
import com.hdcsearch.versions.ModelLifecycle;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import com.hdcsearch.kafka.KafkaConnected;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * The service's online trainer: an {@link OnlineLearner} with its meters and the pause/resume switch of the admin API.
 * With {@code hdc.online.enabled}, every instance stands for election ({@link TrainerLeadership}) and only the elected
 * one trains: instances sharing {@code hdc.stream.application-id} are one cluster with one trainer. The leader starts
 * from the last saved state in {@code hdc.online.state-dir} (beyond one instance, a volume they share, like
 * {@code hdc.versions.dir}), replays the catalog and follows every partition of {@code catalog.images}
 * ({@link CatalogFollower}): the topology's feed of this instance's own partitions is not needed then. On losing the
 * role (a clean stop hands it over at once; a dead leader's session times out) the trainer stops and saves its state.
 */
@ApplicationScoped
public class OnlineTrainingService implements TrainingFeed {
  private static final Logger LOG = Logger.getLogger(OnlineTrainingService.class);
  private static final String STANDBY = "standby: another instance of the cluster trains (trainer leadership)";

  private final OnlineSettings settings;
  /** Checked at boot, so that a bad setting stops the boot instead of failing each election. */
  private final OnlineOptions options;
  private final ModelLifecycle lifecycle;
  private final ServingModel model;
  private final ImageDecoding decoding;
  private final IngestService ingest;
  private final KafkaCluster kafka;
  private final StreamSettings streams;
  private final ClusterSettings cluster;
  private TrainerLeadership leadership;
  /** The running trainer while this instance leads; guarded by this. */
  private OnlineLearner learner;
  private CatalogFollower follower;
  /** An operator's pause, kept across leadership changes on this instance. */
  private volatile boolean paused;

  OnlineTrainingService(OnlineSettings settings, ModelLifecycle lifecycle, ServingModel model, ImageDecoding decoding,
      IngestService ingest, KafkaCluster kafka, MeterRegistry registry, StreamSettings streams,
      ClusterSettings cluster) {
    this.settings = settings;
    this.options = settings.enabled() ? OnlineOptions.of(settings) : null;
    this.lifecycle = lifecycle;
    this.model = model;
    this.decoding = decoding;
    this.ingest = ingest;
    this.kafka = kafka;
    this.streams = streams;
    this.cluster = cluster;
    if (settings.enabled()) {
      registerMeters(registry);
    }
  }

  void onStart(@Observes @Priority(30) KafkaConnected event) {
    if (!settings.enabled()) {
      LOG.info("Online training is off (hdc.online.enabled=false): the serving model changes only by promotion");
      return;
    }
    leadership = new TrainerLeadership(kafka.clients(), streams.applicationId() + ".trainer-leader",
        cluster.leaderSessionTimeout(), new TrainerLeadership.Listener() {
          @Override
          public void elected() {
            startLearner();
          }

          @Override
          public void deposed() {
            stopLearner();
          }
        });
    leadership.start();
    LOG.infof("Online training on: this instance stands for the trainer's election (group %s.trainer-leader)",
        streams.applicationId());
  }

  void onStop(@Observes @Priority(4) ShutdownEvent event) throws InterruptedException {
    if (leadership != null) {
      leadership.close();
    }
  }

  private synchronized void startLearner() {
    var clients = kafka.clients();
    OnlineLearner next = new OnlineLearner(options, lifecycle, model::embedder, decoding,
        ingest::inputLag, new CatalogReplay(clients.bootstrapServers(), java.util.Map.copyOf(clients.passthrough())));
    if (paused) {
      next.pause();
    }
    // Positioned before the replay reads its end: nothing arriving in between is missed (some come twice: harmless,
    // an item sent again replaces itself).
    follower = new CatalogFollower(clients, next, new RecordSizes(streams.maxImageBytes()).inputRecordBytes());
    learner = next;
    follower.start();
    next.start();
    LOG.infof("Online trainer started (%s, %s mining); it trains once %d classes have arrived", settings.method(),
        settings.mining(), settings.minClasses());
  }

  /** Stops the trainer outside the lock: saving its state takes a while, and status reads must not wait for it. */
  private void stopLearner() {
    OnlineLearner stopping;
    CatalogFollower feeding;
    synchronized (this) {
      stopping = learner;
      feeding = follower;
      learner = null;
      follower = null;
    }
    try {
      if (feeding != null) {
        feeding.close();
      }
      if (stopping != null) {
        stopping.close(); // saves its state for the next leader
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Changes of this instance's partitions: the leader's {@link CatalogFollower} reads them all, so none is needed. */
  @Override
  public void accepted(String itemId, CatalogImage image) {}

  @Override
  public void deleted(String itemId) {}

  /** Whether this instance trains when elected. */
  public boolean enabled() {
    return settings.enabled();
  }

  /** Whether this instance trains now (it leads the cluster's training). */
  public boolean leading() {
    return leadership != null && leadership.leader();
  }

  /** @throws IllegalStateException when training is off */
  public synchronized void pause() {
    required();
    paused = true;
    if (learner != null) {
      learner.pause();
    }
  }

  /** @throws IllegalStateException when training is off */
  public synchronized void resume() {
    required();
    paused = false;
    if (learner != null) {
      learner.resume();
    }
  }

  public synchronized TrainingStatus status() {
    if (!settings.enabled()) {
      return idle("online training is off (hdc.online.enabled=false)");
    }
    return learner == null ? idle(STANDBY) : learner.status();
  }

  private TrainingStatus idle(String why) {
    return new TrainingStatus(TrainerState.IDLE, paused, 0, null, 0, 0, 0, 0, 0, 0, 0, why, java.util.List.of());
  }

  private synchronized java.util.List<GateRecord> history() {
    return learner == null ? java.util.List.of() : learner.history();
  }

  private void required() {
    if (!settings.enabled()) {
      throw new IllegalStateException("online training is off on this instance (hdc.online.enabled=false)");
    }
  }

  private void registerMeters(MeterRegistry registry) {
    Gauge.builder("hdc.online.leader", this, x -> x.leading() ? 1 : 0)
        .description("1 while this instance trains for the cluster (it won the trainer's election)").register(registry);
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
      Gauge.builder("hdc.online.heldout.r1", this, x -> latestR1(x.history(), who))
          .tag("model", who).description("held-out R@1 (unseen classes) at the latest gate decision")
          .register(registry);
    }
    Gauge.builder("hdc.online.promotions", this, x -> x.history().stream().filter(GateRecord::promoted).count())
        .description("candidates the gate promoted").register(registry);
    Gauge.builder("hdc.online.rejections", this, x -> x.history().stream().filter(g -> !g.promoted()).count())
        .description("candidates the gate rejected").register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<TrainingStatus> f) {
    Gauge.builder(name, this, x -> f.applyAsDouble(x.status())).description(description).register(registry);
  }

  private void levelGauge(MeterRegistry registry, String name, String description, int level,
      ToDoubleFunction<com.hdcsearch.train.LevelStats> f) {
    Gauge.builder(name, this, x -> {
      var last = x.status().lastStep();
      return last == null || last.levels().size() <= level ? 0 : f.applyAsDouble(last.levels().get(level));
    }).tag("level", Integer.toString(level + 1)).description(description).register(registry);
  }

  private static double latestR1(java.util.List<GateRecord> history, String who) {
    if (history.isEmpty()) {
      return Double.NaN;
    }
    GateRecord last = history.getLast();
    var m = who.equals("serving") ? last.servingMetrics() : last.candidateMetrics();
    return m.getOrDefault("unseen.r@1", m.getOrDefault("seen.r@1", Double.NaN));
  }

}
