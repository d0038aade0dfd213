package com.hdcsearch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.kafka.KafkaSettings;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.kafka.TopicSpec;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.stream.StreamSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.smallrye.config.WithDefault;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests in {@code deploy/kubernetes}: each parses strictly into its typed model (fabric8, Strimzi), and they
 * fit the code they deploy: every topic of {@link Topics} has a {@code KafkaTopic} with the same partitions and configs,
 * the StatefulSet probes the service's health endpoints, takes its admin token from a Secret that is there, keeps
 * its index on a volume per instance, the Service selects its pods, and Prometheus's scrape config is valid.
 */
class ManifestsTest {
  private static final Path DIR = Path.of("deploy", "kubernetes");
  /** Topic configs that the cluster may add to the code's own: durability settings, not the service's contract. */
  private static final Set<String> CLUSTER_ONLY_CONFIGS = Set.of("min.insync.replicas");

  private static List<TypedManifests.Manifest> manifests;

  @BeforeAll
  static void read() throws IOException {
    manifests = new TypedManifests().readAll(DIR);
  }

  @Test
  void everyKindTheDeploymentNeedsIsThere() {
    Set<String> kinds = manifests.stream().map(m -> m.resource().getKind()).collect(Collectors.toSet());
    for (String k : List.of("Kafka", "KafkaNodePool", "KafkaTopic", "StatefulSet", "Service", "Secret", "ConfigMap")) {
      assertTrue(kinds.contains(k), "no " + k + " in " + DIR + ": " + kinds);
    }
  }

  @Test
  void everyTopicOfTheCodeHasAKafkaTopicWithItsConfig() {
    StatefulSet sts = one(StatefulSet.class);
    Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    int partitions = Integer.parseInt(setting(c, "HDC_KAFKA_PARTITIONS", KafkaSettings.class, "partitions"));
    int maxImageBytes = Integer.parseInt(setting(c, "HDC_STREAM_MAX_IMAGE_BYTES", StreamSettings.class,
        "maxImageBytes"));
    List<TopicSpec> expected = Topics.all(partitions, new RecordSizes(maxImageBytes));

    Map<String, KafkaTopic> declared = new HashMap<>();
    for (KafkaTopic t : all(KafkaTopic.class)) {
      String name = Optional.ofNullable(t.getSpec().getTopicName()).orElse(t.getMetadata().getName());
      assertTrue(declared.put(name, t) == null, "two KafkaTopics for " + name);
    }
    assertEquals(expected.stream().map(TopicSpec::name).collect(Collectors.toSet()), declared.keySet(),
        "KafkaTopics (left: the code's topics)");

    KafkaNodePool pool = one(KafkaNodePool.class);
    Kafka kafka = one(Kafka.class);
    for (TopicSpec spec : expected) {
      KafkaTopic t = declared.get(spec.name());
      assertEquals(spec.partitions(), t.getSpec().getPartitions(), spec.name() + " partitions");
      Map<String, String> config = new TreeMap<>();
      t.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
      spec.configs().forEach((k, v) -> assertEquals(v, config.get(k), spec.name() + " config " + k));
      for (String k : config.keySet()) {
        assertTrue(spec.configs().containsKey(k) || CLUSTER_ONLY_CONFIGS.contains(k),
            spec.name() + " has config " + k + " that the code does not set");
      }
      assertEquals(t.getMetadata().getLabels().get("strimzi.io/cluster"), kafka.getMetadata().getName(),
          spec.name() + " belongs to the Kafka cluster");
      int replicas = t.getSpec().getReplicas();
      assertTrue(replicas <= pool.getSpec().getReplicas(), spec.name() + " has more replicas than brokers");
      int minIsr = Integer.parseInt(config.getOrDefault("min.insync.replicas",
          String.valueOf(kafka.getSpec().getKafka().getConfig().get("min.insync.replicas"))));
      assertTrue(minIsr < replicas, spec.name() + ": min.insync.replicas " + minIsr + " must leave a replica to lose");
      // Brokers must let followers fetch the largest record of the topic.
      long replicaFetch = Long.parseLong(String.valueOf(kafka.getSpec().getKafka().getConfig()
          .get("replica.fetch.max.bytes")));
      String maxMessage = config.get("max.message.bytes");
      if (maxMessage != null) {
        assertTrue(replicaFetch >= Long.parseLong(maxMessage), spec.name() + ": replica.fetch.max.bytes "
            + replicaFetch + " below the topic's max.message.bytes " + maxMessage);
      }
    }
    assertTrue(pool.getSpec().getRoles().containsAll(List.of(ProcessRoles.BROKER, ProcessRoles.CONTROLLER))
        || all(KafkaNodePool.class).size() > 1, "KRaft: a pool of controllers and brokers");
  }

  @Test
  void theStatefulSetRunsTheServiceWithItsProbesSecretAndVolumes() {
    StatefulSet sts = one(StatefulSet.class);
    var pod = sts.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertProbe(c.getReadinessProbe(), "/q/health/ready", c);
    assertProbe(c.getLivenessProbe(), "/q/health/live", c);

    var resources = c.getResources();
    assertNotNull(resources, "resources");
    assertTrue(resources.getRequests().keySet().containsAll(List.of("cpu", "memory")), "cpu and memory requests");
    assertTrue(resources.getLimits().containsKey("memory"), "a memory limit");

    EnvVar token = env(c, "HDC_ADMIN_TOKEN").orElseThrow(() -> new AssertionError("no HDC_ADMIN_TOKEN"));
    assertNotNull(token.getValueFrom(), "the admin token comes from a Secret, not a literal");
    var ref = token.getValueFrom().getSecretKeyRef();
    Secret secret = all(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(ref.getName()))
        .findFirst().orElseThrow(() -> new AssertionError("no Secret " + ref.getName()));
    Map<String, String> data = new HashMap<>();
    Optional.ofNullable(secret.getStringData()).ifPresent(data::putAll);
    Optional.ofNullable(secret.getData()).ifPresent(data::putAll);
    assertTrue(data.containsKey(ref.getKey()), "Secret " + ref.getName() + " has no key " + ref.getKey());

    // A volume per instance (a claim template) holds HDC_HOME: the index, Streams state, trainer state.
    String home = env(c, "HDC_HOME").map(EnvVar::getValue).orElseThrow(() -> new AssertionError("no HDC_HOME"));
    Set<String> templates = sts.getSpec().getVolumeClaimTemplates().stream().map(t -> t.getMetadata().getName())
        .collect(Collectors.toSet());
    assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(home)
        && templates.contains(m.getName())), "HDC_HOME " + home + " on a volume claim template " + templates);
    // The versions' weights on one volume that every instance reads.
    String versions = env(c, "HDC_VERSIONS_DIR").map(EnvVar::getValue).orElseThrow();
    String versionsVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(versions))
        .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + versions)).getName();
    Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(versionsVolume)).findFirst().orElseThrow();
    PersistentVolumeClaim shared = all(PersistentVolumeClaim.class).stream()
        .filter(p -> p.getMetadata().getName().equals(v.getPersistentVolumeClaim().getClaimName())).findFirst()
        .orElseThrow(() -> new AssertionError("no claim " + v.getPersistentVolumeClaim().getClaimName()));
    assertTrue(shared.getSpec().getAccessModes().contains("ReadWriteMany"), "the versions volume is shared");
    assertTrue(sts.getSpec().getSelector().getMatchLabels().entrySet().stream().allMatch(e ->
        e.getValue().equals(sts.getSpec().getTemplate().getMetadata().getLabels().get(e.getKey()))),
        "the selector matches the pod template");
  }

  @Test
  void theServicesSelectThePodsOnTheirHttpPort() {
    StatefulSet sts = one(StatefulSet.class);
    Map<String, String> podLabels = sts.getSpec().getTemplate().getMetadata().getLabels();
    Set<String> portNames = sts.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
        .map(p -> p.getName()).collect(Collectors.toSet());
    List<Service> services = all(Service.class);
    assertTrue(services.stream().anyMatch(s -> s.getMetadata().getName().equals(sts.getSpec().getServiceName())),
        "the StatefulSet's serviceName " + sts.getSpec().getServiceName() + " is a Service here");
    for (Service s : services) {
      s.getSpec().getSelector().forEach((k, val) -> assertEquals(val, podLabels.get(k),
          "Service " + s.getMetadata().getName() + " selects label " + k));
      s.getSpec().getPorts().forEach(p -> assertTrue(portNames.contains(p.getTargetPort().getStrVal()),
          "Service " + s.getMetadata().getName() + " targets port " + p.getTargetPort() + " of " + portNames));
    }
  }

  @Test
  void prometheusScrapeConfigIsValid(@TempDir Path tmp) throws Exception {
    ConfigMap cm = all(ConfigMap.class).stream().filter(m -> m.getData().containsKey("prometheus.yml")).findFirst()
        .orElseThrow(() -> new AssertionError("no ConfigMap with prometheus.yml"));
    String config = cm.getData().get("prometheus.yml");
    assertTrue(config.contains("metrics_path: /q/metrics"), "scrapes /q/metrics");
    Path file = tmp.resolve("prometheus.yml");
    Files.writeString(file, config);
    PrometheusProcess.Check check = PrometheusProcess.promtoolCheck(file);
    assertEquals(0, check.exitCode(), "promtool check config: " + check.output());
  }

  @Test
  void anUnknownFieldOrAMissingRequiredOneIsAnErrorThatNamesIt(@TempDir Path tmp) throws IOException {
    String sts = Files.readString(DIR.resolve("hdc.yaml"));
    Path typo = tmp.resolve("typo.yaml");
    Files.writeString(typo, sts.replace("imagePullPolicy: IfNotPresent", "imagePulPolicy: IfNotPresent"));
    var e = assertThrows(IllegalArgumentException.class, () -> new TypedManifests().read(typo));
    assertTrue(e.getMessage().contains("imagePulPolicy") && e.getMessage().contains("containers[0]"), e.getMessage());

    Path noImage = tmp.resolve("no-image.yaml");
    Files.writeString(noImage, sts.replace("image: registry.example.com/hdc:0.1.0", ""));
    e = assertThrows(IllegalArgumentException.class, () -> new TypedManifests().read(noImage));
    assertTrue(e.getMessage().contains("containers[0].image is required"), e.getMessage());

    Path noRoles = tmp.resolve("no-roles.yaml");
    Files.writeString(noRoles, Files.readString(DIR.resolve("kafka.yaml"))
        .replace("  roles:\n    - controller\n    - broker\n", ""));
    e = assertThrows(IllegalArgumentException.class, () -> new TypedManifests().read(noRoles));
    assertTrue(e.getMessage().contains("spec.roles is required"), e.getMessage());

    Path topicTypo = tmp.resolve("topic.yaml");
    Files.writeString(topicTypo, Files.readString(DIR.resolve("topics.yaml")).replaceFirst("partitions:", "partitons:"));
    e = assertThrows(IllegalArgumentException.class, () -> new TypedManifests().read(topicTypo));
    assertTrue(e.getMessage().contains("partitons"), e.getMessage());

    Path wrongVersion = tmp.resolve("version.yaml");
    Files.writeString(wrongVersion, Files.readString(DIR.resolve("topics.yaml"))
        .replaceFirst("kafka.strimzi.io/v1\n", "kafka.strimzi.io/v3\n"));
    e = assertThrows(IllegalArgumentException.class, () -> new TypedManifests().read(wrongVersion));
    assertTrue(e.getMessage().contains("kafka.strimzi.io/v3"), e.getMessage());
  }

  private static void assertProbe(Probe probe, String path, Container c) {
    assertNotNull(probe, "a probe on " + path);
    assertNotNull(probe.getHttpGet(), "an HTTP probe on " + path);
    assertEquals(path, probe.getHttpGet().getPath());
    String port = probe.getHttpGet().getPort().getStrVal();
    assertTrue(c.getPorts().stream().anyMatch(p -> p.getName().equals(port)), "probe port " + port);
  }

  /** The container's value for an env var, else the config's own default (the @WithDefault of the mapping). */
  private static String setting(Container c, String env, Class<?> mapping, String method) {
    return env(c, env).map(EnvVar::getValue).orElseGet(() -> {
      try {
        return mapping.getMethod(method).getAnnotation(WithDefault.class).value();
      } catch (NoSuchMethodException e) {
        throw new AssertionError(mapping.getSimpleName() + " has no " + method, e);
      }
    });
  }

  private static Optional<EnvVar> env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  private static <T extends HasMetadata> List<T> all(Class<T> type) {
    return manifests.stream().map(TypedManifests.Manifest::resource).filter(type::isInstance).map(type::cast)
        .toList();
  }

  private static <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + DIR);
    return found.get(0);
  }
}
