package com.hdcsearch.versions;

import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.CheckpointManifest;
import com.hdcsearch.model.Checkpoints;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The life of model versions, cluster-wide: the registry ({@code model.versions}), the weights
 * ({@link VersionStore}) and the transitions people and the trainer ask for. Every transition is checked against the
 * version's current status and written as an event; swaps follow the events (see {@code serving.SwapController}).
 */
@ApplicationScoped
public class ModelLifecycle {
  private static final Logger LOG = Logger.getLogger(ModelLifecycle.class);
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  private final KafkaCluster kafka;
  private final VersionSettings settings;
  private final VersionIds ids = new VersionIds(Clock.systemUTC());
  private VersionRegistry registry;
  private VersionStore store;
  private boolean closed;

  @Inject
  ModelLifecycle(KafkaCluster kafka, VersionSettings settings) {
    this.kafka = kafka;
    this.settings = settings;
  }

  /** For code outside CDI (tests, benches): an already started registry and a store. */
  public ModelLifecycle(VersionRegistry registry, VersionStore store) {
    this.kafka = null;
    this.settings = null;
    this.registry = registry;
    this.store = store;
  }

  /** The registry, read up to the end of the topic on first use. */
  public synchronized VersionRegistry registry() {
    if (closed) {
      throw new IllegalStateException("the model lifecycle is shut down");
    }
    if (registry == null) {
      String instance = settings.instance().orElseGet(ModelLifecycle::defaultInstance);
      var clients = kafka.clients();
      VersionRegistry r = new VersionRegistry(clients.bootstrapServers(), Map.copyOf(clients.passthrough()), instance);
      try {
        r.start(CATCH_UP);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading " + com.hdcsearch.kafka.Topics.MODEL_VERSIONS, e);
      } catch (TimeoutException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      registry = r;
      store = new VersionStore(Path.of(settings.dir()));
    }
    return registry;
  }

  /** The weights of every version. */
  public synchronized VersionStore store() {
    registry();
    return store;
  }

  /** The versions as this instance knows them. */
  public VersionBook book() {
    return registry().book();
  }

  /** A new unique version id. */
  public String newVersionId() {
    return ids.next();
  }

  /** Called after every applied event. */
  public void addListener(Consumer<VersionEvent> listener) {
    book().addListener(listener);
  }

  /**
   * Makes {@code embedder}'s weights a new version that serves at once (the first version of a cluster, or a
   * checkpoint an operator configured): saved to the store, written as SERVING; the previously serving version, if
   * any, is RETIRED. Used at boot only, before anything serves on this instance.
   *
   * @return the new version's event; the embedder carries the new id
   */
  public VersionEvent bootstrap(CascadeEmbedder embedder, String reason, String source) throws IOException {
    String id = newVersionId();
    Instant now = Instant.now();
    CheckpointManifest manifest = new CheckpointManifest(id, embedder.network().config(), source, 0, 0,
        Map.of("source", source), Map.of(), now.toString());
    Path dir = store().save(embedder, manifest);
    Optional<VersionEvent> previous = book().serving();
    VersionEvent event = new VersionEvent(id, previous.map(VersionEvent::versionId).orElse(null),
        VersionStatus.SERVING, reason, Map.of(), now, now, dir.toString(), 0, null, registry().instance());
    publish(event);
    if (previous.isPresent()) {
      publish(previous.get().moveTo(VersionStatus.RETIRED, "replaced at boot by " + id + " (" + reason + ")",
          registry().instance()));
    }
    return event;
  }

  /** Registers trained weights already saved under {@code store().directory(id)} as a CANDIDATE. */
  public VersionEvent candidate(String id, String parent, long steps, Map<String, Double> metrics, String reason)
      throws InterruptedException, TimeoutException {
    Instant now = Instant.now();
    VersionEvent event = new VersionEvent(id, parent, VersionStatus.CANDIDATE, reason, metrics, now, now,
        store().directory(id).toString(), steps, null, registry().instance());
    registry().publish(event);
    return event;
  }

  /** Moves {@code id} to {@code status}, merging {@code metrics}; checked against its current status. */
  public VersionEvent transition(String id, VersionStatus status, String reason, Map<String, Double> metrics)
      throws InterruptedException, TimeoutException {
    VersionEvent current = book().get(id)
        .orElseThrow(() -> new UnknownVersionException(id, book().versions().stream()
            .map(VersionEvent::versionId).toList()));
    VersionEvent next = current.moveTo(status, reason, registry().instance(), metrics);
    registry().publish(next);
    return next;
  }

  /**
   * Rolls back: the version that served before the serving one is promoted again (every instance swaps to it),
   * and the serving one ends ROLLED_BACK once the swap is done.
   *
   * @throws IllegalStateException when there is nothing to roll back to
   */
  public VersionEvent rollback(String reason) throws InterruptedException, TimeoutException {
    VersionEvent serving = book().serving()
        .orElseThrow(() -> new IllegalStateException("no version serves: nothing to roll back"));
    VersionEvent previous = previousServing(serving)
        .orElseThrow(() -> new IllegalStateException("model version " + serving.versionId()
            + " is the first that served: there is no earlier version to roll back to"));
    if (!store().contains(previous.versionId()) && previous.checkpoint() == null) {
      throw new IllegalStateException("the weights of " + previous.versionId() + " are gone from " + settings.dir());
    }
    VersionEvent event = previous.promotedAsRollbackOf(serving.versionId(), reason, registry().instance());
    registry().publish(event);
    return event;
  }

  /** The version that served before {@code serving}: the latest RETIRED one that is not the serving one. */
  private Optional<VersionEvent> previousServing(VersionEvent serving) {
    List<VersionEvent> history = book().history();
    for (int i = history.size() - 1; i >= 0; i--) {
      VersionEvent e = history.get(i);
      if (e.status() == VersionStatus.RETIRED && !e.versionId().equals(serving.versionId())
          && book().get(e.versionId()).map(v -> v.status() == VersionStatus.RETIRED).orElse(false)) {
        return book().get(e.versionId());
      }
    }
    return Optional.empty();
  }

  private void publish(VersionEvent event) throws IOException {
    try {
      registry().publish(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing " + event.versionId(), e);
    } catch (TimeoutException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * How a configured checkpoint ({@code hdc.model.checkpoint}) is named in the reason of the version it was imported
   * as: its path and manifest, so that a restart recognises one it has imported already.
   */
  public static String importSource(Path checkpoint) throws IOException {
    Path dir = checkpoint.toAbsolutePath();
    CheckpointManifest m = manifestOf(dir);
    return dir + " (" + m.versionId() + ", " + m.createdAt() + ")";
  }

  /** Reads the manifest of a configured checkpoint, for the boot decision. */
  public static CheckpointManifest manifestOf(Path checkpoint) throws IOException {
    return Checkpoints.manifest(checkpoint);
  }

  private static String defaultInstance() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  /** Closes the registry after the pipeline (priority 10) and before the broker (last). */
  void onStop(@Observes @Priority(100) ShutdownEvent event) throws InterruptedException {
    VersionRegistry r;
    synchronized (this) {
      r = registry;
      closed = true;
    }
    if (r != null) {
      r.close();
    }
  }
}
