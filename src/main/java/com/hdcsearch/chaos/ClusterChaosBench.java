package com.hdcsearch.chaos;

import com.hdcsearch.cluster.JavaLauncher;
import com.hdcsearch.cluster.LocalKafkaCluster;
import com.hdcsearch.cluster.LocalServiceInstance;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.process.ServiceHttp;
import com.hdcsearch.process.ServiceProcess;
import com.hdcsearch.versions.VersionStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The crash campaign against a real cluster: three Kafka broker JVMs (replication 3, {@code min.insync.replicas} 2)
 * and two service instances sharing one application id (each its own home, index and HTTP port), started by the same
 * tooling as {@code ./hdc cluster up} and {@code ClusterIT}. The same catalog stream and producer's log as
 * {@link ChaosBench} (acks=all against the cluster); each cycle kill -9s a seeded {@link Victim} (an instance in a
 * phase, the trainer's instance while it trains or swaps, or a broker mid-ingest), starts it again, and checks every
 * live instance against the log and the instances against each other ({@link CatalogConvergence}).
 */
public final class ClusterChaosBench {
  static final String TARGET = "cluster";
  private static final Duration START = Duration.ofMinutes(10);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
  /** A killed instance's Streams member and trainer role time out soon (Kafka's default session is 45 s). */
  private static final Map<String, String> FAST_FAILOVER = Map.of(
      "kafka.session.timeout.ms", "8000",
      "hdc.cluster.leader-session-timeout", "6s");
  private static final int MAX_SKIP = 3;
  private static final int PROBES = 5;
  private static final long SKIP_STREAM = 0x534B_4950L;

  private final ClusterChaosOptions options;
  private final ChaosOptions base;
  private final Random skips;
  private LocalKafkaCluster kafka;
  private final List<LocalServiceInstance> instances = new ArrayList<>();

  public ClusterChaosBench(ClusterChaosOptions options) {
    this.options = options;
    this.base = options.base();
    this.skips = new Random(base.seed() ^ SKIP_STREAM);
  }

  /** The instances' settings: fast failover, then the campaign's (phase hold, a trainer that promotes), the user's. */
  Map<String, String> instanceSettings() {
    Map<String, String> s = new LinkedHashMap<>(FAST_FAILOVER);
    s.putAll(ChaosBench.serviceSettings(base));
    return s;
  }

  /** Runs the campaign, prints a line per cycle and the summary line last; returns the result. */
  ChaosResult<ClusterCycle> run() throws Exception {
    Path root = base.home() != null ? Files.createDirectories(base.home()) : Files.createTempDirectory("hdc-chaos-");
    JavaLauncher launcher = new JavaLauncher(Path.of(System.getProperty("java.home"), "bin", "java"),
        ServiceProcess.launcherJvmFlags(Path.of(System.getProperty(ServiceProcess.LAUNCHER_PROPERTY, "hdc"))),
        base.jar());
    ChaosResult<ClusterCycle> result = new ChaosResult<>(TARGET);
    CatalogEvents events = new CatalogEvents(ChaosBench.pool(base.seed()), base.seed() ^ ChaosBench.EVENT_STREAM);
    System.err.printf("chaos: %d cycles against a cluster of %d brokers and %d instances, seed %d, home %s%n",
        base.cycles(), options.brokers(), options.instances(), base.seed(), root);
    Thread cleanup = new Thread(this::killAll, "chaos-cluster-cleanup"); // Ctrl-C leaves no JVM behind
    Runtime.getRuntime().addShutdownHook(cleanup);
    CatalogStreamer streamer = null;
    try (ProducerLog log = new ProducerLog(root.resolve("producer-acks.log"))) {
      kafka = LocalKafkaCluster.start(root.resolve("kafka"), options.brokers(), 0, launcher, START);
      startInstances(launcher, root);
      streamer = new CatalogStreamer(kafka.bootstrapServers(), log);
      List<CatalogEvent> initial = new ArrayList<>();
      for (int i = 0; i < base.initialItems(); i++) {
        initial.add(events.nextNew());
      }
      streamer.sendAll(initial);
      CatalogConvergence.Verdict first = converge(log);
      System.err.println("chaos: initial catalog " + first.checks().get(0).live() + " items, clean=" + first.clean()
          + (first.clean() ? "" : " " + first.differences() + " " + first.checks()));
      List<Victim> plan = VictimPlan.draw(base.cycles(), base.phases(), options.instances(), options.brokers(),
          base.seed() ^ ChaosBench.PHASE_STREAM);
      for (int n = 1; n <= base.cycles(); n++) {
        ClusterCycle cycle = cycle(n, plan.get(n - 1), launcher, streamer, events, log);
        result.add(cycle);
        log.flush();
        System.out.println(cycle.line());
        System.out.flush();
      }
    } finally {
      if (streamer != null) {
        streamer.close();
      }
      killAll();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    List<ClusterCycle> cycles = result.cycles();
    System.out.printf(java.util.Locale.ROOT, "chaos cluster brokers=%d instances=%d instance_kills=%d broker_kills=%d "
        + "phases_missed=%d disagreed=%d max_ready_s=%.1f max_ingest_stall_s=%.1f%n", options.brokers(),
        options.instances(), cycles.stream().filter(c -> c.victim().kind() != Victim.Kind.BROKER).count(),
        cycles.stream().filter(c -> c.victim().kind() == Victim.Kind.BROKER).count(), result.missed(),
        cycles.stream().filter(c -> !c.agree()).count(), result.maxReadySeconds(),
        cycles.stream().mapToLong(c -> c.stall().toMillis()).max().orElse(0) / 1e3);
    System.out.println(result.summaryLine());
    System.out.flush();
    if (!base.keepHome()) {
      VersionStore.deleteTree(root);
    } else {
      System.err.println("chaos: kept the campaign's home " + root);
    }
    return result;
  }

  /** The first instance alone (it registers the first model version), then the others, as {@code cluster up}. */
  private void startInstances(JavaLauncher launcher, Path root) throws IOException, InterruptedException {
    for (int i = 1; i <= options.instances(); i++) {
      String name = Victim.instanceName(i);
      LocalServiceInstance.Spec spec = new LocalServiceInstance.Spec(name, ServiceProcess.freePort(),
          root.resolve(name), root.resolve("shared"), kafka.bootstrapServers(), options.brokers(), options.heap(),
          instanceSettings());
      LocalServiceInstance instance = LocalServiceInstance.start(launcher, spec, root.resolve("logs")
          .resolve(name + ".log"));
      instances.add(instance);
      System.err.println("chaos: " + name + " at " + instance.baseUrl() + ", log " + instance.log());
      if (i == 1) {
        instance.awaitReady(START);
      }
    }
    for (LocalServiceInstance instance : instances) {
      instance.awaitReady(START);
    }
  }

  private ClusterCycle cycle(int n, Victim victim, JavaLauncher launcher, CatalogStreamer streamer,
      CatalogEvents events, ProducerLog log) throws Exception {
    List<String> probes = log.live().keySet().stream().limit(PROBES).toList();
    long failedBefore = log.failCount();
    streamer.start(events, base.rate());
    int skip = skips.nextInt(MAX_SKIP + 1);
    PhaseTrigger.Hit hit;
    String killed;
    long killedAt;
    IngestStall stall;
    Duration recovery;
    Duration ready;
    if (victim.kind() == Victim.Kind.BROKER) {
      LocalServiceInstance watched = instances.get(0);
      hit = new PhaseTrigger(http(watched), watched.log(), log).await(CrashPhase.MID_INGEST, skip,
          base.phaseTimeout());
      killed = "broker-" + victim.id();
      stall = new IngestStall(log::ackCount);
      killedAt = System.nanoTime();
      kafka.kill(victim.id());
      Thread.sleep(options.brokerDown().toMillis()); // ingest goes on with two brokers of three
      long restartedAt = System.nanoTime();
      kafka.startNode(victim.id());
      awaitFullReplication(kafka.bootstrapServers(), options.brokers());
      recovery = Duration.ofNanos(System.nanoTime() - restartedAt); // not the time it was held down
      awaitAllReady();
      ready = Duration.ofNanos(System.nanoTime() - killedAt);
    } else {
      int number;
      if (victim.kind() == Victim.Kind.TRAINER) {
        long start = System.nanoTime();
        number = awaitTrainer(base.phaseTimeout());
        PhaseTrigger.Hit h = number > 0
            ? new PhaseTrigger(http(instances.get(number - 1)), instances.get(number - 1).log(), log)
                .await(victim.phase(), skip, base.phaseTimeout())
            : new PhaseTrigger.Hit(false, Duration.ZERO, "no instance was seen holding the trainer's role");
        number = Math.max(number, 1);
        hit = new PhaseTrigger.Hit(h.hit(), Duration.ofNanos(System.nanoTime() - start),
            h.how() + " on the trainer " + Victim.instanceName(number));
      } else {
        number = victim.id();
        LocalServiceInstance target = instances.get(number - 1);
        hit = new PhaseTrigger(http(target), target.log(), log).await(victim.phase(), skip, base.phaseTimeout());
      }
      LocalServiceInstance target = instances.get(number - 1);
      killed = target.spec().name();
      stall = new IngestStall(log::ackCount);
      killedAt = System.nanoTime();
      target.kill();
      // The same name, port, home and log: the instance comes back as an operator's restart brings it.
      LocalServiceInstance again = LocalServiceInstance.start(launcher, target.spec(), target.log());
      instances.set(number - 1, again);
      Duration[] times = awaitRecovery(again, probes, killedAt); // ingest goes on through the survivors meanwhile
      recovery = times[0];
      awaitAllReady();
      ready = Duration.ofNanos(System.nanoTime() - killedAt);
    }
    streamer.stop();
    Duration stalled = stall.stop();
    int failed = (int) (log.failCount() - failedBefore);
    List<CatalogEvent> resend = log.toResend();
    streamer.sendAll(resend);
    long restarted = System.nanoTime();
    CatalogConvergence.Verdict v = converge(log);
    return new ClusterCycle(n, victim, killed, hit, ready, recovery, stalled, failed, resend.size(),
        Duration.ofNanos(v.at() - restarted), instances.stream().map(i -> i.spec().name()).toList(), v.checks(),
        v.differences());
  }

  private CatalogConvergence.Verdict converge(ProducerLog log) throws InterruptedException {
    List<CatalogConvergence.Target> targets = instances.stream()
        .map(i -> new CatalogConvergence.Target(i.spec().name(), http(i))).toList();
    return new CatalogConvergence(targets, kafka.bootstrapServers(), base.convergeTimeout())
        .await(log, this::logTails);
  }

  /** Kill to the restarted instance's first answered lookup (of an item it served before), and to its readiness. */
  private static Duration[] awaitRecovery(LocalServiceInstance instance, List<String> probes, long killed)
      throws InterruptedException {
    return RecoveryWatch.await(instance.spec().name(), instance::alive, instance::ready, http(instance), probes,
        PROBES, killed, START, () -> "see " + instance.log());
  }

  private void awaitAllReady() throws InterruptedException {
    for (LocalServiceInstance i : instances) {
      i.awaitReady(START);
    }
  }

  /** The number of the instance that holds the trainer's role ({@code hdc_online_leader} 1), 0 when none in time. */
  private int awaitTrainer(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < instances.size(); i++) {
        if (trains(instances.get(i))) {
          return i + 1;
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    return 0;
  }

  private static boolean trains(LocalServiceInstance s) {
    try {
      String metrics = new String(s.get("/q/metrics").body(), StandardCharsets.UTF_8);
      return metrics.lines().anyMatch(l -> (l.startsWith("hdc_online_leader ") || l.startsWith("hdc_online_leader{"))
          && l.endsWith(" 1.0"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until every partition of the catalog's topic has all its replicas in sync again. */
  private static void awaitFullReplication(String bootstrap, int replicas) throws InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
      String last = "no answer";
      while (System.nanoTime() < deadline) {
        try {
          TopicDescription d = admin.describeTopics(List.of(Topics.CATALOG_IMAGES)).allTopicNames()
              .get(10, TimeUnit.SECONDS).get(Topics.CATALOG_IMAGES);
          long underReplicated = d.partitions().stream().filter(p -> p.isr().size() < replicas).count();
          if (underReplicated == 0) {
            return;
          }
          last = underReplicated + " partitions under-replicated";
        } catch (ExecutionException | TimeoutException e) {
          last = e.toString();
        }
        Thread.sleep(POLL.toMillis() * 5);
      }
      throw new IllegalStateException(Topics.CATALOG_IMAGES + " not fully replicated within " + START + ": " + last);
    }
  }

  private static ServiceHttp http(LocalServiceInstance instance) {
    return new ServiceHttp(URI.create(instance.baseUrl()), HTTP_TIMEOUT);
  }

  private String logTails() {
    StringBuilder out = new StringBuilder();
    for (LocalServiceInstance i : instances) {
      out.append("see ").append(i.log()).append('\n');
    }
    return out.toString();
  }

  /** kill -9 of every instance and broker still running (the data is the campaign's and goes with it). */
  private void killAll() {
    try {
      for (LocalServiceInstance i : instances) {
        if (i.alive()) {
          i.kill();
        }
      }
      if (kafka != null) {
        for (int id = 1; id <= options.brokers(); id++) {
          kafka.kill(id);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
