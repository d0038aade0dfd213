package com.hdcsearch.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Kubernetes manifests (multi-document YAML) into the typed models of fabric8's kubernetes-model and Strimzi's
 * api, strictly: a kind it does not know, an apiVersion its model does not serve, a field the model does not have
 * (which the models would otherwise keep quietly in their "additional properties") or a required one left out is an
 * error that names the file, the document and the field's path.
 */
final class TypedManifests {
  /** The kinds that deploy/ may hold, with their models. */
  static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "Kafka", Kafka.class,
      "KafkaNodePool", KafkaNodePool.class,
      "KafkaTopic", KafkaTopic.class,
      "StatefulSet", StatefulSet.class,
      "Service", Service.class,
      "Secret", Secret.class,
      "ConfigMap", ConfigMap.class,
      "PersistentVolumeClaim", PersistentVolumeClaim.class);

  /**
   * Fields the Kubernetes API requires that fabric8's generated models do not mark (Strimzi's models mark theirs with
   * {@code @JsonProperty(required = true)}, which the walk reads): from the API reference of each type.
   */
  private static final Map<Class<?>, List<String>> K8S_REQUIRED = Map.ofEntries(
      Map.entry(Container.class, List.of("name", "image")),
      Map.entry(ContainerPort.class, List.of("containerPort")),
      Map.entry(ServicePort.class, List.of("port")),
      Map.entry(EnvVar.class, List.of("name")),
      Map.entry(SecretKeySelector.class, List.of("name", "key")),
      Map.entry(ObjectFieldSelector.class, List.of("fieldPath")),
      Map.entry(HTTPGetAction.class, List.of("port")),
      Map.entry(StatefulSetSpec.class, List.of("selector", "template", "serviceName")),
      Map.entry(PersistentVolumeClaimVolumeSource.class, List.of("claimName")),
      Map.entry(Volume.class, List.of("name")),
      Map.entry(VolumeMount.class, List.of("name", "mountPath")));

  private final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** One parsed document: where it came from and its typed model. */
  record Manifest(Path file, int document, HasMetadata resource) {
    String where() {
      return file.getFileName() + " document " + document + " (" + resource.getKind() + " "
          + resource.getMetadata().getName() + ")";
    }
  }

  /** Every document of every {@code *.yaml} file under {@code dir}, typed and checked. */
  List<Manifest> readAll(Path dir) throws IOException {
    List<Path> files;
    try (var walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no manifests (*.yaml) under " + dir.toAbsolutePath());
    }
    List<Manifest> out = new ArrayList<>();
    for (Path f : files) {
      out.addAll(read(f));
    }
    return out;
  }

  /** The documents of one file, typed and checked. */
  List<Manifest> read(Path file) throws IOException {
    List<Manifest> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file);
        MappingIterator<JsonNode> docs = mapper.readerFor(JsonNode.class).readValues(r)) {
      int n = 0;
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        n++;
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        out.add(new Manifest(file, n, typed(doc, file.getFileName() + " document " + n)));
      }
    }
    return out;
  }

  private HasMetadata typed(JsonNode doc, String where) throws IOException {
    String kind = doc.path("kind").asText("");
    Class<? extends HasMetadata> type = KINDS.get(kind);
    if (type == null) {
      throw new IllegalArgumentException(where + ": kind '" + kind + "' is none of " + KINDS.keySet());
    }
    String apiVersion = doc.path("apiVersion").asText("");
    Set<String> served = servedVersions(type);
    if (!served.contains(apiVersion)) {
      throw new IllegalArgumentException(where + ": apiVersion '" + apiVersion + "' of " + kind + " is none of "
          + served);
    }
    HasMetadata resource = mapper.treeToValue(doc, type);
    if (resource.getMetadata() == null || blank(resource.getMetadata().getName())) {
      throw new IllegalArgumentException(where + ": metadata.name is required");
    }
    walk(resource, where + ": " + kind);
    return resource;
  }

  /** The apiVersions a model serves: Strimzi's list them (VERSIONS), fabric8's carry one in their annotations. */
  private static Set<String> servedVersions(Class<? extends HasMetadata> type) {
    try {
      var versions = type.getField("VERSIONS");
      var group = type.getField("RESOURCE_GROUP");
      @SuppressWarnings("unchecked")
      List<String> list = (List<String>) versions.get(null);
      String g = (String) group.get(null);
      return Set.copyOf(list.stream().map(v -> g + "/" + v).toList());
    } catch (NoSuchFieldException e) {
      return Set.of(HasMetadata.getApiVersion(type));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every property that Jackson would write for {@code value}, depth first: unknown fields (kept by the models as
   * additional properties) and required fields left null are errors.
   */
  private void walk(Object value, String path) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> c) {
      int i = 0;
      for (Object o : c) {
        walk(o, path + "[" + i++ + "]");
      }
      return;
    }
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "." + k));
      return;
    }
    String pkg = value.getClass().getPackageName();
    if (value instanceof Enum<?> || !pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
      return;
    }
    if (path.length() > 2000) {
      throw new IllegalStateException("the walk does not end: " + path.substring(0, 400));
    }
    Map<?, ?> unknown = additionalProperties(value);
    if (unknown != null && !unknown.isEmpty()) {
      throw new IllegalArgumentException(path + ": unknown field(s) " + unknown.keySet() + " for "
          + value.getClass().getSimpleName());
    }
    BeanDescription bean = mapper.getSerializationConfig().introspect(mapper.constructType(value.getClass()));
    List<String> required = K8S_REQUIRED.getOrDefault(value.getClass(), List.of());
    for (BeanPropertyDefinition p : bean.findProperties()) {
      if (!p.hasGetter() && !p.hasField()) {
        continue;
      }
      Object child = p.getAccessor().getValue(value);
      if (child == null && (p.isRequired() || required.contains(p.getName()))) {
        throw new IllegalArgumentException(path + "." + p.getName() + " is required in "
            + value.getClass().getSimpleName());
      }
      walk(child, path + "." + p.getName());
    }
  }

  private static Map<?, ?> additionalProperties(Object value) {
    try {
      Method m = value.getClass().getMethod("getAdditionalProperties");
      return (Map<?, ?>) m.invoke(value);
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the additional properties of " + value.getClass(), e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
