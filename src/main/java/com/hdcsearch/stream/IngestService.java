package com.hdcsearch.stream;

import com.hdcsearch.cluster.ClusterSettings;
import com.hdcsearch.index.IndexSettings;
import com.hdcsearch.index.ServingIndex;
import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.kafka.RecordSizes;
import com.hdcsearch.avro.CatalogImage;
import io.quarkus.runtime.ShutdownEvent;
import com.hdcsearch.kafka.KafkaConnected;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.apache.kafka.streams.Topology;

/** Runs the {@link IngestPipeline} for the service's lifetime: after Kafka is up, and closed before it goes down. */
@ApplicationScoped
public class IngestService {
  private final KafkaCluster kafka;
  private final Topology topology;
  private final StreamSettings settings;
  private final IndexSettings indexSettings;
  private final ServingIndex serving;
  private final PipelineMetrics metrics;
  private final ThreadBudget budget;
  private final ClusterSettings cluster;
  private IngestPipeline pipeline;

  IngestService(KafkaCluster kafka, Topology topology, StreamSettings settings, IndexSettings indexSettings,
      ServingIndex serving, PipelineMetrics metrics, ThreadBudget budget, ClusterSettings cluster) {
    this.budget = budget;
    this.cluster = cluster;
    this.kafka = kafka;
    this.topology = topology;
    this.settings = settings;
    this.indexSettings = indexSettings;
    this.serving = serving;
    this.metrics = metrics;
  }

  /** Once Kafka is connected (or the embedded broker started), the topics exist and model.versions is read. */
  void onStart(@Observes @Priority(10) KafkaConnected event) {
    // Built outside the lock: after an early start the health checks (on the event loop) ask for the state meanwhile
    // and must not wait for Kafka Streams' clients to be made.
    IngestPipeline built = new IngestPipeline(topology, kafka.clients(), kafka.replication(),
        Optional.of(cluster.applicationServer()), settings.applicationId(), settings.stateDir(),
        settings.threads().orElse(budget.ingest()),
        settings.commitInterval(), serving, metrics, indexSettings.commitInterval(),
        new RecordSizes(settings.maxImageBytes()), new PhaseHold(settings.phaseHold()));
    synchronized (this) {
      pipeline = built;
      pipeline.start();
    }
  }

  /** Before the broker stops (it observes shutdown with the lowest priority). */
  synchronized void onStop(@Observes @Priority(10) ShutdownEvent event) throws InterruptedException {
    if (pipeline != null) {
      pipeline.close();
      pipeline = null;
    }
  }

  /** The running pipeline, for the model swap; empty before start and after stop. */
  public synchronized Optional<IngestPipeline> pipeline() {
    return Optional.ofNullable(pipeline);
  }

  /** Records of catalog.images this instance has not read yet (0 when not running). */
  public long inputLag() {
    IngestPipeline p;
    synchronized (this) {
      p = pipeline;
    }
    return p == null ? 0 : p.inputLag();
  }

  /** True when the streams run and the index updater consumes. */
  public synchronized boolean isRunning() {
    return pipeline != null && pipeline.isRunning();
  }

  /** True while the pipeline can serve: running, or moving partitions in a rebalance (see {@link IngestPipeline}). */
  public synchronized boolean isServing() {
    return pipeline != null && pipeline.isServing();
  }

  /** Why the pipeline is broken for good (a restart is the remedy), or empty while it works or is still starting. */
  public synchronized Optional<String> broken() {
    return pipeline == null ? Optional.empty() : pipeline.broken();
  }

  /** Which instance holds {@code itemId}'s catalog partition (see {@link IngestPipeline#catalogOwner}). */
  public CatalogOwner catalogOwner(String itemId) {
    IngestPipeline p;
    synchronized (this) {
      p = pipeline;
    }
    return p == null ? CatalogOwner.UNKNOWN : p.catalogOwner(itemId);
  }

  /**
   * The latest accepted image of an item.
   *
   * @throws IllegalStateException while the pipeline is not running
   */
  public Optional<CatalogImage> catalogImage(String itemId) {
    IngestPipeline p;
    synchronized (this) {
      p = pipeline;
    }
    if (p == null) {
      throw new IllegalStateException("the ingest pipeline is not running");
    }
    return p.catalogImage(itemId);
  }

  /** Kafka Streams' state, or "NOT_STARTED". */
  public synchronized String streamsState() {
    return pipeline == null ? "NOT_STARTED" : pipeline.streamsState().name();
  }
}
