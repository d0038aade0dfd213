package com.hdcsearch.train.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.RetrievalSplits;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.loss.LossReduction;
import com.hdcsearch.mining.MiningVariant;
import com.hdcsearch.model.CascadeNetwork;
import com.hdcsearch.model.HeadKind;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.peers.PythonPeer;
import com.hdcsearch.train.ImageCache;
import com.hdcsearch.train.LrSchedule;
import com.hdcsearch.train.Method;
import com.hdcsearch.train.OptimizerKind;
import com.hdcsearch.train.PkSampler;
import com.hdcsearch.train.StepRecord;
import com.hdcsearch.train.LevelLoss;
import com.hdcsearch.train.TrainConfig;
import com.hdcsearch.train.TrainingStep;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code hdc bench train-peer}: the project's trainer and the PyTorch peer ({@code load-tests/peers/train_peer.py},
 * Debian's python3-torch) train the same network, objective and optimizer on the same batches of real images, one
 * after the other at each thread count, and the images/s of both are compared after warm-up. Augmentation is off on
 * both sides (the JVM's is a host-side crop the peer does not have), so both time the same work: forward, mining,
 * loss, backward, update.
 */
public final class TrainPeerBench {
  private static final long SAMPLER_STREAM = 0x5A3D_1E55L;
  private static final String PEER_SCRIPT = "train_peer.py";
  /** The JVM's CPU time, all threads (libtorch's, the JIT's, the collector's): what the JVM side costs the machine. */
  private static final com.sun.management.OperatingSystemMXBean PROCESS_CPU =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final List<String> PEER_PACKAGES = List.of("python3-torch:torch", "python3-numpy:numpy");

  /**
   * What to run.
   *
   * @param dataset emoji or fashion-mnist (its train split of the zero-shot protocol)
   * @param imageSize input side in pixels (emoji RGB, fashion-mnist grey)
   * @param classesPerBatch P
   * @param imagesPerClass K
   * @param batches distinct batches, cycled through
   * @param warmup untimed steps first
   * @param steps timed steps
   * @param threads the thread counts, each run by both trainers
   * @param rounds times both trainers run at each count (the best round of each is reported)
   * @param seed network initialisation and batch sampling
   * @param work folder for the batches file
   */
  public record Options(String dataset, int imageSize, int classesPerBatch, int imagesPerClass, int batches,
      int warmup, int steps, List<Integer> threads, int rounds, long seed, Path work) {
    public Options {
      check(rounds >= 1, "--rounds must be at least 1, got: " + rounds);
      if (!dataset.equals("emoji") && !dataset.equals("fashion-mnist")) {
        throw new IllegalArgumentException("--dataset must be emoji or fashion-mnist, got: " + dataset);
      }
      check(imageSize >= 8, "--image-size must be at least 8, got: " + imageSize);
      check(batches >= 1, "--batches must be at least 1, got: " + batches);
      check(warmup >= 0, "--warmup must be at least 0, got: " + warmup);
      check(steps >= 1, "--steps must be at least 1, got: " + steps);
      check(!threads.isEmpty() && threads.stream().allMatch(t -> t >= 1),
          "--threads must list counts of at least 1, got: " + threads);
      threads = List.copyOf(threads);
    }
  }

  private final Options options;
  private final PythonPeer peer;
  private final PrintStream out;
  private final Consumer<String> log;

  public TrainPeerBench(Options options, PythonPeer peer, PrintStream out, Consumer<String> log) {
    this.options = options;
    this.peer = peer;
    this.out = out;
    this.log = log;
  }

  /**
   * The trainer's config of the comparison: the HDC defaults, P x K as asked, no augmentation, and the objective the
   * peer script implements (contrastive levels, keep ratios on positives and negatives alike; since issue 9 the
   * default is the multi-similarity cascade, which the peer does not have), on linear heads over the globally pooled
   * stages (the peer's; the default grid heads came after it).
   */
  public static TrainConfig config(Options o) {
    ImageSpec spec = spec(o);
    TrainConfig defaults = TrainConfig.defaults(Method.HDC, spec);
    return defaults.toBuilder().model(defaults.model().withHead(HeadKind.LINEAR))
        .batch(o.classesPerBatch(), o.imagesPerClass()).seed(o.seed()).iterations(o.warmup() + o.steps()).augment(false)
        .levelLoss(LevelLoss.CONTRASTIVE).keepAllPositives(false).shallowGradScale(1f)
        .schedule(LrSchedule.Kind.CONSTANT).build(); // the peer's Adam runs at a constant rate
  }

  static ImageSpec spec(Options o) {
    return o.dataset().equals("emoji") ? ImageSpec.rgb(o.imageSize()) : ImageSpec.grey(o.imageSize());
  }

  /** Runs both trainers at every thread count, prints the table, returns the results (jvm, torch per count). */
  public List<TrainSpeed> run() throws IOException {
    TrainConfig config = config(options);
    checkPeerCompatible(config);
    TorchThreads.configure(options.threads().get(0));
    peer.ensure(PEER_PACKAGES);
    ImageSpec spec = spec(options);
    DatasetOptions read = DatasetOptions.defaults();
    if (options.dataset().equals("emoji")) {
      read = new DatasetOptions(null, List.of(), DatasetOptions.DEFAULT_SPLIT_SEED, false, options.imageSize());
    }
    long t0 = System.nanoTime();
    ImageCache cache = ImageCache.of(
        RetrievalSplits.zeroShot(DatasetRegistry.standard(), options.dataset(), read).split("train").images(), spec);
    PkSampler sampler = new PkSampler(cache.labels(), options.classesPerBatch(), options.imagesPerClass(),
        options.seed() ^ SAMPLER_STREAM);
    BatchFile batches = BatchFile.sample(cache, sampler, options.batches());
    Files.createDirectories(options.work());
    Path file = options.work().resolve("train-peer-batches.bin");
    batches.write(file);
    log.accept(String.format(Locale.ROOT, "%d %s images cached, %d batches of %d (%s) written to %s in %.1f s",
        cache.size(), options.dataset(), batches.count(), batches.batchSize(), spec, file,
        (System.nanoTime() - t0) / 1e9));

    out.println("# hdc bench train-peer");
    out.printf(Locale.ROOT, "job: %s train split, %dx%d %s, batch %d x %d, %d distinct batches, warm-up %d steps,"
            + " timed %d steps, best of %d rounds, seed %d, HDC cascade, Adam lr %s heads x%s, keep %s, margin %s, negatives x%s,"
            + " no augmentation, cores %d%n",
        options.dataset(), spec.size(), spec.size(), spec.channels() == 1 ? "grey" : "RGB",
        options.classesPerBatch(), options.imagesPerClass(), batches.count(), options.warmup(), options.steps(),
        options.rounds(), options.seed(), config.learningRate(), config.headLrMultiplier(), Arrays.toString(config.keepRatios()),
        config.margin(), config.negativeFactor(), Runtime.getRuntime().availableProcessors());
    out.flush();
    // Each round runs both trainers back to back at each count; the best round of each is reported, since on a
    // shared machine a slow round says more about the neighbours than about the trainer.
    List<TrainSpeed> all = new ArrayList<>();
    for (int round = 0; round < options.rounds(); round++) {
      for (int threads : options.threads()) {
        TrainSpeed jvm = jvm(config, batches, threads);
        TrainSpeed torch = torch(config, file, threads);
        if (jvm.parameters() != torch.parameters()) {
          throw new IllegalStateException("the peer's network has " + torch.parameters() + " parameters, the JVM's "
              + jvm.parameters() + ": they do not train the same network");
        }
        all.add(jvm);
        all.add(torch);
      }
    }
    List<TrainSpeed> results = new ArrayList<>();
    for (int threads : options.threads()) {
      results.add(best(all, "jvm", threads));
      results.add(best(all, "torch", threads));
    }
    out.print(table(results));
    out.println(summaryLine(results));
    out.flush();
    Files.deleteIfExists(file);
    return results;
  }

  /** The peer script implements only what the comparison uses; anything else would compare different work. */
  private static void checkPeerCompatible(TrainConfig c) {
    check(c.optimizer() == OptimizerKind.ADAM && c.weightDecay() == 0f, "the peer trains with Adam, no weight decay");
    check(c.reduction() == LossReduction.NON_ZERO_MEAN, "the peer reduces by the non-zero mean");
    check(c.mining() == MiningVariant.CASCADE || c.mining() == MiningVariant.INDEPENDENT,
        "the peer mines cascade or independent");
    check(c.model().builtinTrunk(), "the peer has only the built-in trunk");
    check(c.levelLoss() == LevelLoss.CONTRASTIVE && !c.keepAllPositives() && c.shallowGradScale() == 1f,
        "the peer's levels are contrastive, keep ratios on positives too, no gradient scaling");
  }

  /** The project's trainer: {@link TrainingStep} on the batches, the same object the offline and online loops drive. */
  TrainSpeed jvm(TrainConfig config, BatchFile batches, int threads) throws IOException {
    // DJL sets libtorch's intra-op threads once when the engine starts; libtorch itself takes a new count at any time.
    Engine.getInstance(); // loads libtorch, whose JNI functions the next line calls
    JniUtils.setNumThreads(threads);
    try (CascadeNetwork network = CascadeNetwork.create(config.model(), config.seed())) {
      TrainingStep step = TrainingStep.of(config, network, config.lrSchedule(), config.seed(),
          config.iterations());
      long timedNanos = 0;
      long timedCpuNanos = 0;
      long timedImages = 0;
      long[] phasesAtWarmup = step.phaseNanos();
      double first = Double.NaN;
      double last = Double.NaN;
      for (int s = 0; s < options.warmup() + options.steps(); s++) {
        int b = s % batches.count();
        long c0 = PROCESS_CPU.getProcessCpuTime();
        long t0 = System.nanoTime();
        StepRecord r = step.step(batches.tensors(b), null, batches.labels(b), s);
        long dt = System.nanoTime() - t0;
        long dc = PROCESS_CPU.getProcessCpuTime() - c0;
        if (s == 0) {
          first = r.loss();
        }
        last = r.loss();
        if (s == options.warmup() - 1) {
          phasesAtWarmup = step.phaseNanos();
        }
        if (s >= options.warmup()) {
          timedNanos += dt;
          timedCpuNanos += dc;
          timedImages += batches.batchSize();
        }
      }
      long[] phasesAtEnd = step.phaseNanos();
      Map<String, Double> phases = new LinkedHashMap<>();
      for (TrainingStep.Phase p : TrainingStep.Phase.values()) {
        phases.put(p.name().toLowerCase(Locale.ROOT),
            (phasesAtEnd[p.ordinal()] - phasesAtWarmup[p.ordinal()]) / 1e6 / options.steps());
      }
      TrainSpeed speed = new TrainSpeed("jvm", threads, timedImages / (timedNanos / 1e9),
          timedNanos / 1e6 / options.steps(), timedImages / (timedCpuNanos / 1e9), parameters(network), first, last,
          phases);
      log.accept(String.format(Locale.ROOT, "jvm threads=%d images_per_s=%.1f step_ms=%.1f cpu_images_per_s=%.1f"
          + " params=%d libtorch_threads=%d loss_first=%.4f loss_last=%.4f phases_ms=%s", threads,
          speed.imagesPerSecond(), speed.stepMillis(), speed.cpuImagesPerSecond(), speed.parameters(),
          JniUtils.getNumThreads(), first, last, speed.phases()));
      return speed;
    }
  }

  private TrainSpeed torch(TrainConfig config, Path file, int threads) throws IOException {
    List<String> args = List.of("--batches", file.toString(), "--threads", Integer.toString(threads),
        "--warmup", Integer.toString(options.warmup()), "--steps", Integer.toString(options.steps()),
        "--lr", Float.toString(config.learningRate()), "--head-lr-mult", Float.toString(config.headLrMultiplier()),
        "--keep", Arrays.stream(config.keepRatios()).mapToObj(Double::toString).collect(Collectors.joining(",")),
        "--margin", Float.toString(config.margin()), "--neg-factor", Float.toString(config.negativeFactor()),
        "--mining", config.mining() == MiningVariant.CASCADE ? "cascade" : "independent",
        "--dim", Integer.toString(config.model().levelDims()[0]), "--seed", Long.toString(config.seed()),
        // The built-in network keeps its convolution weights channels-last on the CPU (model.ChannelsLast): the peer
        // runs the same memory format, so that the ratio compares the engines and not a layout.
        "--channels-last");
    String line = PythonPeer.lastLine(peer.script(PEER_SCRIPT, args), "torch ");
    log.accept(line);
    return new TrainSpeed("torch", threads, Double.parseDouble(PythonPeer.field(line, "images_per_s")),
        Double.parseDouble(PythonPeer.field(line, "step_ms")),
        Double.parseDouble(PythonPeer.field(line, "cpu_images_per_s")),
        Long.parseLong(PythonPeer.field(line, "params")),
        Double.parseDouble(PythonPeer.field(line, "loss_first")),
        Double.parseDouble(PythonPeer.field(line, "loss_last")), parsePhases(PythonPeer.field(line, "phases_ms")));
  }

  private static long parameters(CascadeNetwork network) {
    long n = 0;
    for (var p : network.trunkParameters()) {
      n += p.requiresGradient() ? p.getArray().size() : 0;
    }
    for (var p : network.headParameters()) {
      n += p.requiresGradient() ? p.getArray().size() : 0;
    }
    return n;
  }

  private static Map<String, Double> parsePhases(String field) {
    Map<String, Double> phases = new LinkedHashMap<>();
    for (String part : field.split(",")) {
      String[] kv = part.split(":");
      phases.put(kv[0], Double.parseDouble(kv[1]));
    }
    return phases;
  }

  private static TrainSpeed best(List<TrainSpeed> all, String engine, int threads) {
    return all.stream().filter(r -> r.engine().equals(engine) && r.threads() == threads)
        .max(java.util.Comparator.comparingDouble(TrainSpeed::imagesPerSecond)).orElseThrow();
  }

  /** Markdown: one row per thread count with both trainers' rates and the ratio. */
  static String table(List<TrainSpeed> results) {
    StringBuilder s = new StringBuilder("| threads | jvm img/s | torch img/s | jvm/torch | jvm/torch per CPU s |"
        + " jvm step ms | torch step ms |"
        + " jvm loss first/last | torch loss first/last | jvm ms per phase | torch ms per phase |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i + 1 < results.size(); i += 2) {
      TrainSpeed j = results.get(i);
      TrainSpeed t = results.get(i + 1);
      s.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.2f | %.2f | %.0f | %.0f | %.3f / %.3f | %.3f / %.3f |"
          + " %s | %s |%n", j.threads(), j.imagesPerSecond(), t.imagesPerSecond(),
          j.imagesPerSecond() / t.imagesPerSecond(), j.cpuImagesPerSecond() / t.cpuImagesPerSecond(),
          j.stepMillis(), t.stepMillis(), j.firstLoss(), j.lastLoss(), t.firstLoss(), t.lastLoss(), j.phases(),
          t.phases()));
    }
    return s.toString();
  }

  /** {@code train-peer jvm_1t=.. torch_1t=.. ratio_1t=.. ...}, one triple per thread count. */
  static String summaryLine(List<TrainSpeed> results) {
    StringBuilder s = new StringBuilder("train-peer");
    for (int i = 0; i + 1 < results.size(); i += 2) {
      TrainSpeed j = results.get(i);
      TrainSpeed t = results.get(i + 1);
      int n = j.threads();
      s.append(String.format(Locale.ROOT, " jvm_%dt=%.1f torch_%dt=%.1f ratio_%dt=%.2f", n, j.imagesPerSecond(), n,
          t.imagesPerSecond(), n, j.imagesPerSecond() / t.imagesPerSecond()));
    }
    // After the fields: the same ratios per CPU second, steadier than wall time on shared cores.
    for (int i = 0; i + 1 < results.size(); i += 2) {
      s.append(String.format(Locale.ROOT, " cpu_ratio_%dt=%.2f", results.get(i).threads(),
          results.get(i).cpuImagesPerSecond() / results.get(i + 1).cpuImagesPerSecond()));
    }
    return s.toString();
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
