package com.hdcsearch.online;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.model.Checkpoints;
import com.hdcsearch.train.Augmenter;
import com.hdcsearch.train.LrSchedule;
import com.hdcsearch.train.StepRecord;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainingStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fine-tunes a network from the stream, one P x K step at a time from a {@link ReplayBuffer}, keeping its state
 * (parameters, optimizer moments, step count) between calls, so that it can be saved, restored and continued, and
 * exported as a checkpoint that serving loads.
 *
 * <p>Learning rate: an unbounded stream has no end for a decay to aim at, so the rate is constant,
 * {@code config.learningRate()} (after {@code config.warmupSteps()} of linear warm-up, 0 by default);
 * {@code config.iterations()} and {@code config.schedule()} are not used. Augmentation of step n is seeded from
 * ({@code config.seed()}, n), so the step count is all the random state a restore needs (the buffer's sampling is the
 * buffer's own). With one libtorch thread a restored trainer continues bit for bit.
 *
 * <p>Threads: {@link #step}, {@link #saveState}, {@link #exportCheckpoint} and {@link #embedTensors} are called from
 * one trainer thread; the buffer may be filled from another.
 */
public final class OnlineTrainer implements AutoCloseable {
  /** Half of each batch's classes from fresh arrivals, half replayed, so that old classes are not forgotten. */
  public static final double DEFAULT_FRESH_SHARE = 0.5;
  /** The {@code dataset} of exported manifests: the model learned from the catalog stream. */
  public static final String STREAM_DATASET = "stream";
  static final String OPTIMIZER_FILE = "optimizer.state";
  /** Gives augmentation its own random stream, apart from anything else seeded by config.seed(). */
  private static final long AUGMENT_STREAM = 0x0A46_5E3D_7C15_B2E1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainConfig config;
  private final double freshShare;
  private final CascadeNetwork network;
  private final TrainingStep trainingStep;
  /** Embeds with the live network for checks; closing it closes the network. */
  private final CascadeEmbedder view;
  private long steps;

  /** A trainer with {@link #DEFAULT_FRESH_SHARE}; takes ownership of {@code network}. */
  public OnlineTrainer(TrainConfig config, CascadeNetwork network) {
    this(config, network, DEFAULT_FRESH_SHARE);
  }

  /**
   * Takes ownership of {@code network} (typically loaded from the serving checkpoint: fine-tuning) and closes it in
   * {@link #close}. Batches are {@code config.classesPerBatch()} x {@code config.imagesPerClass()}.
   */
  public OnlineTrainer(TrainConfig config, CascadeNetwork network, double freshShare) {
    if (!(freshShare >= 0 && freshShare <= 1)) {
      throw new IllegalArgumentException("freshShare must be in [0, 1], got: " + freshShare);
    }
    if (!network.config().spec().equals(config.model().spec())) {
      throw new IllegalArgumentException("network input " + network.config().spec() + " differs from the config's "
          + config.model().spec());
    }
    this.config = config;
    this.freshShare = freshShare;
    this.network = network;
    LrSchedule constant = new LrSchedule(LrSchedule.Kind.CONSTANT, config.learningRate(), config.warmupSteps(), 1);
    this.trainingStep = TrainingStep.of(config, network, constant, config.seed() ^ AUGMENT_STREAM, 0);
    this.view = new CascadeEmbedder(network, "online-training");
  }

  /**
   * One step on a batch drawn from {@code buffer}; empty (nothing changes) while the buffer has fewer than P classes
   * with 2+ images. The record's {@code totalSteps} is 0: the stream has no end.
   */
  public Optional<StepRecord> step(ReplayBuffer buffer) {
    return step(buffer, config.classesPerBatch());
  }

  /**
   * As {@link #step(ReplayBuffer)} with {@code classesPerBatch} classes instead of the config's: a stream starts with
   * few classes, and a batch of those that have arrived trains sooner than waiting for P of them.
   */
  public Optional<StepRecord> step(ReplayBuffer buffer, int classesPerBatch) {
    if (classesPerBatch < 2) {
      throw new IllegalArgumentException("classesPerBatch must be at least 2, got: " + classesPerBatch);
    }
    int len = network.config().spec().tensorLength();
    if (buffer.tensorLength() != len) {
      throw new IllegalArgumentException("buffer holds tensors of " + buffer.tensorLength() + " floats, the network "
          + "takes " + len);
    }
    Optional<ReplayBuffer.Batch> batch = buffer.sample(classesPerBatch, config.imagesPerClass(), freshShare);
    if (batch.isEmpty()) {
      return Optional.empty();
    }
    Augmenter augmenter = trainingStep.augmenter();
    if (augmenter != null) {
      augmenter.reseed(StableHash.fmix(config.seed() ^ AUGMENT_STREAM) + StableHash.fmix(steps));
    }
    int stepIndex = (int) Math.min(steps, Integer.MAX_VALUE);
    StepRecord record = trainingStep.step(batch.get().tensors(), null, batch.get().labels(), stepIndex);
    steps++;
    return Optional.of(record);
  }

  /** Steps taken, over all restores. */
  public long steps() {
    return steps;
  }

  public double freshShare() {
    return freshShare;
  }

  public TrainConfig config() {
    return config;
  }

  /** Embeds preprocessed tensors with the network as it is now (eval mode). */
  public float[][] embedTensors(float[] tensors, int count) {
    return view.embedTensors(tensors, count);
  }

  /** Arrays held by the network's NDManager: constant from step to step unless native memory leaks. */
  public long managedArrays() {
    return network.manager().getManagedArrays().size();
  }

  /**
   * Writes what {@link #restore} needs into {@code dir}: parameters, optimizer moments, then {@value TrainerStateFile#FILE}
   * last (a directory without it is incomplete).
   */
  public void saveState(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(TrainerStateFile.FILE));
    network.save(dir);
    trainingStep.optimizer().save(dir.resolve(OPTIMIZER_FILE));
    Path tmp = dir.resolve(TrainerStateFile.FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), new TrainerStateFile(steps, config.seed(), freshShare, network.config()));
    Files.move(tmp, dir.resolve(TrainerStateFile.FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Whether {@code dir} holds a complete saved state (its state file is written last). */
  public static boolean hasState(Path dir) {
    return Files.isRegularFile(dir.resolve(TrainerStateFile.FILE));
  }

  /** A trainer that continues one saved with {@link #saveState} under the same config (same seed and optimizer). */
  public static OnlineTrainer restore(TrainConfig config, Path dir) throws IOException {
    Path file = dir.resolve(TrainerStateFile.FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("not a trainer state directory (no " + TrainerStateFile.FILE + "): " + dir);
    }
    TrainerStateFile state = JSON.readValue(file.toFile(), TrainerStateFile.class);
    if (state.seed() != config.seed()) {
      throw new IllegalArgumentException("state in " + dir + " was trained with seed " + state.seed()
          + ", config has " + config.seed());
    }
    CascadeNetwork network = CascadeNetwork.load(state.model(), dir);
    OnlineTrainer trainer;
    try {
      trainer = new OnlineTrainer(config, network, state.freshShare());
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    try {
      trainer.trainingStep.optimizer().load(dir.resolve(OPTIMIZER_FILE));
    } catch (IOException | RuntimeException e) {
      trainer.close();
      throw e;
    }
    trainer.steps = state.steps();
    return trainer;
  }

  /**
   * Writes the network as a checkpoint that {@code EmbedderLoader.load(dir)} serves, embedding exactly as this trainer
   * does now. The manifest's training map carries the config, {@code online: true}, the step count, the fresh share
   * and {@code parentVersion} (the version this one was fine-tuned from; null for none).
   */
  public void exportCheckpoint(Path dir, String versionId, String parentVersion, Map<String, Double> metrics)
      throws IOException {
    if (versionId == null || versionId.isBlank()) {
      throw new IllegalArgumentException("versionId must not be blank, got: " + versionId);
    }
    Map<String, Object> training = new LinkedHashMap<>(config.toMap());
    training.remove("iterations"); // not used online: the step count says how far it trained
    training.remove("schedule");
    training.put("online", true);
    training.put("steps", steps);
    training.put("freshShare", freshShare);
    if (parentVersion != null) {
      training.put("parentVersion", parentVersion);
    }
    CheckpointManifest manifest = new CheckpointManifest(versionId, network.config(), STREAM_DATASET, config.seed(),
        steps, training, metrics, Instant.now().toString());
    Checkpoints.save(network, manifest, dir);
  }

  /** Frees the network; idempotent. */
  @Override
  public void close() {
    view.close();
  }
}
