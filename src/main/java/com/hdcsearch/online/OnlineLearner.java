package com.hdcsearch.online;

import com.hdcsearch.avro.CatalogImage;
import com.hdcsearch.image.ImagePreprocessor;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.Embedder;
import com.hdcsearch.stream.CatalogValidator;
import com.hdcsearch.stream.ImageDecoding;
import com.hdcsearch.stream.ImageRejectedException;
import com.hdcsearch.train.LrSchedule;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.StepRecord;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.versions.ModelLifecycle;
import com.hdcsearch.versions.VersionEvent;
import com.hdcsearch.versions.VersionStatus;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The online learning loop, on a thread of its own: accepted catalog changes arrive from the topology
 * ({@link TrainingFeed}), are split by the {@link HeldOutSplit} into the replay buffer (trained on) and the held-out
 * set (never trained on), and the {@link OnlineTrainer} steps on P×K batches of fresh and replayed items. Every
 * {@code candidateEverySteps} steps it cuts a CANDIDATE version, scores it and the serving version on the same
 * held-out snapshot, and writes PROMOTED or REJECTED with the metrics and the reason; the swap follows the registry.
 * It yields to ingest (no steps while the input backlog is high) and can be paused. Its state (network, optimizer
 * moments, step count) is saved with every candidate and at stop, and resumed at start.
 */
public final class OnlineLearner implements TrainingFeed, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OnlineLearner.class);
  private static final Duration IDLE_WAIT = Duration.ofMillis(100);
  private static final int MAX_DRAIN = 256;
  private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(10);
  private static final Duration BACKLOG_REFRESH = Duration.ofMillis(200);
  private static final int HISTORY = 500;
  /** Rejected candidates whose weights are kept (for an operator's promote); older ones are deleted. */
  private static final int KEEP_REJECTED = 10;
  private static final List<Integer> GATE_KS = List.of(1, 2, 4, 8);

  /** An accepted change waiting for the trainer thread: an image, or a delete (null image). */
  private record Change(String itemId, String label, byte[] image) {}

  private final OnlineOptions options;
  private final ModelLifecycle lifecycle;
  private final Supplier<Embedder> serving;
  private final ImageDecoding decoding;
  private final LongSupplier backlog;
  private final HeldOutSplit split;
  private final HeldOutGate gate;
  private final BlockingQueue<Change> feed;
  private final AtomicLong dropped = new AtomicLong();
  private final Deque<GateRecord> history = new ArrayDeque<>();
  private final Deque<String> rejected = new ArrayDeque<>();
  private final Thread thread;
  private final CatalogReplay replay;
  private ImageSpec spec;
  private ImagePreprocessor preprocessor;
  private ReplayBuffer buffer;
  private HeldOutSet heldOut;
  private HeldOutRouter router;
  private OnlineTrainer trainer;
  private volatile boolean running = true;
  private volatile boolean paused;
  private volatile TrainerState state = TrainerState.IDLE;
  private volatile StepRecord lastStep;
  private volatile String error;
  private volatile long yields;
  private long stepsAtLastCandidate;
  /** Trainer thread only: the last backlog read and when (see {@link #backlog()}). */
  private long lastBacklog;
  private long backlogReadNanos = System.nanoTime() - BACKLOG_REFRESH.toNanos();
  private long lastCandidateNanos = System.nanoTime();

  /**
   * @param serving the model that serves now (the trainer starts from its weights; candidates are judged against it)
   * @param backlog records ingest has not read yet: the trainer yields while it exceeds the option's threshold
   */
  public OnlineLearner(OnlineOptions options, ModelLifecycle lifecycle, Supplier<Embedder> serving,
      ImageDecoding decoding, LongSupplier backlog) {
    this(options, lifecycle, serving, decoding, backlog, null);
  }

  /**
   * @param replay reads the catalog as it is at start into the buffers (after a restart they are empty); null = none
   */
  public OnlineLearner(OnlineOptions options, ModelLifecycle lifecycle, Supplier<Embedder> serving,
      ImageDecoding decoding, LongSupplier backlog, CatalogReplay replay) {
    this.replay = replay;
    this.options = options;
    this.lifecycle = lifecycle;
    this.serving = serving;
    this.decoding = decoding;
    this.backlog = backlog;
    this.split = new HeldOutSplit(options.heldOutLabelShare(), options.heldOutItemShare(), HeldOutSplit.DEFAULT_SALT);
    this.gate = new HeldOutGate(options.gateMargin(), options.gateSeenTolerance(), options.gateMinClasses(),
        GATE_KS, options.seed());
    this.feed = new ArrayBlockingQueue<>(options.feedQueue());
    this.thread = new Thread(this::run, "online-trainer");
    thread.setDaemon(true);
  }

  /** Starts the trainer thread. */
  public void start() {
    thread.start();
  }

  @Override
  public void accepted(String itemId, CatalogImage image) {
    offer(new Change(itemId, image.getLabel(), CatalogValidator.bytes(image.getImage())));
  }

  @Override
  public void deleted(String itemId) {
    offer(new Change(itemId, null, null));
  }

  private void offer(Change change) {
    if (!feed.offer(change)) {
      dropped.incrementAndGet(); // training samples the stream; the stream never waits for training
    }
  }

  /** Stops stepping until {@link #resume()}; data keeps arriving into the buffer. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  /** What the trainer is doing, with its figures. */
  public synchronized TrainingStatus status() {
    StepRecord s = lastStep;
    return new TrainingStatus(state, paused, trainer == null ? 0 : trainer.steps(), s,
        buffer == null ? 0 : buffer.size(), buffer == null ? 0 : buffer.classes(),
        heldOut == null ? 0 : heldOut.size(Role.HELD_OUT_UNSEEN), heldOut == null ? 0 : heldOut.size(Role.HELD_OUT_SEEN),
        feed.size(), dropped.get(), yields, error, List.copyOf(history));
  }

  private void run() {
    try {
      if (replay != null) {
        replayCatalog();
      }
      while (running) {
        try {
          turn();
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception | LinkageError e) {
          // One bad step or decision must not end learning for the life of the service: back off, start over from
          // the last saved state (the buffers and the serving model are untouched).
          error = e.toString();
          state = TrainerState.FAILED;
          LOG.errorf(e, "The online trainer failed; retrying in %d s from its last saved state",
              FAILURE_BACKOFF.toSeconds());
          dropTrainer();
          Thread.sleep(FAILURE_BACKOFF.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      saveQuietly();
    }
  }

  /** Routes the catalog as it is now straight into the buffers, on this thread (no queue: nothing is dropped). */
  private void replayCatalog() {
    state = TrainerState.WAITING_FOR_DATA;
    try {
      replay.replay(new TrainingFeed() {
        @Override
        public void accepted(String itemId, CatalogImage image) {
          route(new Change(itemId, image.getLabel(), CatalogValidator.bytes(image.getImage())));
        }

        @Override
        public void deleted(String itemId) {
          route(new Change(itemId, null, null));
        }
      }, () -> running);
    } catch (RuntimeException e) {
      LOG.warn("Could not replay the catalog into the online trainer; it learns from new arrivals only", e);
    }
  }

  private void turn() throws Exception {
    drain();
    if (paused) {
      idle(TrainerState.PAUSED);
    } else if (backlog() > options.yieldBacklog()) {
      yields++;
      idle(TrainerState.YIELDING);
    } else if (buffer == null || buffer.classesWithAtLeast(2) < options.minClasses()) {
      idle(TrainerState.WAITING_FOR_DATA);
    } else {
      step();
    }
  }

  /**
   * Ingest's backlog, read at most every {@link #BACKLOG_REFRESH}: reading it walks every Kafka Streams metric, too
   * much to do before each step; a fifth of a second late is soon enough to yield.
   */
  private long backlog() {
    long now = System.nanoTime();
    if (now - backlogReadNanos >= BACKLOG_REFRESH.toNanos()) {
      lastBacklog = backlog.getAsLong();
      backlogReadNanos = now;
    }
    return lastBacklog;
  }

  private synchronized void dropTrainer() {
    if (trainer != null) {
      trainer.close();
      trainer = null;
    }
  }

  private void idle(TrainerState now) throws InterruptedException {
    state = now;
    Change next = feed.poll(IDLE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    if (next != null) {
      route(next);
    }
  }

  /** Moves queued changes into the buffer or the held-out set (decoding here, off the stream thread). */
  private void drain() {
    for (int i = 0; i < MAX_DRAIN; i++) {
      Change c = feed.poll();
      if (c == null) {
        return;
      }
      route(c);
    }
  }

  private void route(Change c) {
    ensureBuffers();
    if (c.image() == null) {
      router.remove(c.itemId());
      return;
    }
    float[] tensor = new float[spec.tensorLength()];
    try {
      BufferedImage image = decoding.decode(c.image());
      preprocessor.toTensor(image, tensor, 0);
    } catch (ImageRejectedException | RuntimeException e) {
      LOG.debugf("Online trainer skips item %s: %s", c.itemId(), e.getMessage());
      return;
    }
    router.accept(c.itemId(), c.label(), tensor);
  }

  private synchronized void ensureBuffers() {
    if (buffer == null) {
      spec = serving.get().imageSpec();
      preprocessor = new ImagePreprocessor(spec);
      buffer = new ReplayBuffer(options.bufferMaxImages(), options.bufferMaxBytes(), spec.tensorLength(),
          options.seed());
      heldOut = new HeldOutSet(options.heldOutMaxItems(), spec.tensorLength(), options.seed());
      router = new HeldOutRouter(split, buffer, heldOut);
    }
  }

  private void step() throws Exception {
    state = TrainerState.TRAINING;
    OnlineTrainer t = trainer();
    int classes = Math.min(options.classesPerBatch(), buffer.classesWithAtLeast(2));
    Optional<StepRecord> record = t.step(buffer, classes);
    if (record.isEmpty()) {
      idle(TrainerState.WAITING_FOR_DATA);
      return;
    }
    lastStep = record.get();
    error = null;
    boolean due = t.steps() - stepsAtLastCandidate >= options.candidateEverySteps()
        && System.nanoTime() - lastCandidateNanos >= options.candidateMinInterval().toNanos();
    if (due && !swapPending()) {
      judgeCandidate(t);
    }
  }

  /** True while a promoted version has not taken over yet: judging against a version about to leave is wasted. */
  private boolean swapPending() {
    Optional<VersionEvent> target = lifecycle.book().target();
    return target.isPresent() && !target.get().versionId().equals(serving.get().modelVersion());
  }

  private synchronized OnlineTrainer trainer() throws Exception {
    if (trainer == null) {
      TrainConfig config = trainConfig(options, serving.get().imageSpec());
      Path stateDir = Path.of(options.stateDir());
      if (Files.isDirectory(stateDir) && OnlineTrainer.hasState(stateDir)) {
        trainer = OnlineTrainer.restore(config, stateDir);
        LOG.infof("Online trainer resumed from %s at step %d", stateDir, trainer.steps());
      } else {
        VersionEvent servingEvent = servingEvent();
        CascadeEmbedder copy = lifecycle.store().load(servingEvent);
        trainer = new OnlineTrainer(config, copy.network(), options.freshShare());
        LOG.infof("Online trainer starts from model %s (%s, %s mining, %d x %d batches)", servingEvent.versionId(),
            options.method(), options.mining(), options.classesPerBatch(), options.imagesPerClass());
      }
      stepsAtLastCandidate = trainer.steps();
    }
    return trainer;
  }

  /**
   * The training config of the online trainer for {@code options} and images of {@code spec}; public so that a bench
   * can train offline with exactly the same method and settings.
   */
  public static TrainConfig trainConfig(OnlineOptions options, ImageSpec spec) {
    Method method = Method.parse(options.method());
    return TrainConfig.defaults(method, spec).toBuilder()
        .mining(MiningVariant.valueOf(options.mining().toUpperCase(Locale.ROOT)))
        .seed(options.seed())
        .batch(options.classesPerBatch(), options.imagesPerClass())
        .learningRate(options.learningRate())
        // A stream has no last step: the offline default's cosine decay would reach zero at its fixed budget.
        .schedule(LrSchedule.Kind.CONSTANT)
        // One rate for every method (hdc.online.learning-rate), so none of the offline per-method warm-ups either.
        .warmupSteps(TrainConfig.DEFAULT_WARMUP_STEPS)
        .build();
  }

  private VersionEvent servingEvent() {
    String id = serving.get().modelVersion();
    return lifecycle.book().get(id).orElseThrow(() -> new IllegalStateException(
        "the serving model " + id + " is not in model.versions"));
  }

  /** Cuts a candidate from the trainer's weights, scores it against the serving version, writes the decision. */
  private void judgeCandidate(OnlineTrainer t) throws Exception {
    state = TrainerState.JUDGING;
    stepsAtLastCandidate = t.steps();
    lastCandidateNanos = System.nanoTime();
    VersionEvent servingEvent = servingEvent();
    String id = lifecycle.newVersionId();
    Path dir = lifecycle.store().directory(id);
    Map<String, Double> trainMetrics = new TreeMap<>();
    if (lastStep != null) {
      trainMetrics.put("train.loss", (double) lastStep.loss());
    }
    t.exportCheckpoint(dir, id, servingEvent.versionId(), trainMetrics);
    t.saveState(Path.of(options.stateDir()));
    lifecycle.candidate(id, servingEvent.versionId(), t.steps(), trainMetrics, String.format(Locale.ROOT,
        "online training: %d steps, buffer %d images of %d classes", t.steps(), buffer.size(), buffer.classes()));
    VersionEvent candidate = lifecycle.book().get(id).orElseThrow();
    HeldOutSet.Snapshot snapshot = heldOut.snapshot();
    HeldOutGate.Decision decision;
    try (CascadeEmbedder servingCopy = lifecycle.store().load(servingEvent);
        CascadeEmbedder candidateModel = lifecycle.store().load(candidate)) {
      decision = gate.decide(servingCopy, candidateModel, snapshot);
    }
    Map<String, Double> metrics = new TreeMap<>(decision.candidateMetrics());
    decision.servingMetrics().forEach((k, v) -> metrics.put("serving." + k, v));
    VersionStatus outcome = decision.promote() ? VersionStatus.PROMOTED : VersionStatus.REJECTED;
    lifecycle.transition(id, outcome, decision.reason(), metrics);
    synchronized (this) {
      history.addLast(new GateRecord(Instant.now(), id, servingEvent.versionId(), t.steps(), decision.promote(),
          decision.reason(), decision.servingMetrics(), decision.candidateMetrics()));
      while (history.size() > HISTORY) {
        history.removeFirst();
      }
    }
    if (!decision.promote()) {
      // An operator may still promote a rejected candidate: the latest few keep their weights, older ones go.
      rejected.addLast(id);
      while (rejected.size() > KEEP_REJECTED) {
        lifecycle.store().delete(rejected.removeFirst());
      }
    }
  }

  private void saveQuietly() {
    OnlineTrainer t;
    synchronized (this) {
      t = trainer;
    }
    if (t == null) {
      return;
    }
    try {
      t.saveState(Path.of(options.stateDir()));
    } catch (Exception e) {
      LOG.warn("Could not save the online trainer's state", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(Duration.ofSeconds(30).toMillis());
    synchronized (this) {
      if (trainer != null) {
        trainer.close();
        trainer = null;
      }
    }
  }

  /** Thread-safe read of the decisions so far, oldest first. */
  public synchronized List<GateRecord> history() {
    return new ArrayList<>(history);
  }
}
