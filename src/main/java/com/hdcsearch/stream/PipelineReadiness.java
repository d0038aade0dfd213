package com.hdcsearch.stream;

import com.hdcsearch.index.ServingIndex;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when Kafka Streams is RUNNING or REBALANCING, the index updater consumes and the serving index is open: Kafka
 * is up, {@code model.versions} has been read (the pipeline starts only after it) and new items become searchable.
 * After a restart, lookups may answer before that, from the committed index ({@code /q/health/group/lookups} says
 * when); readiness does not claim them. A rebalance (an instance joins or leaves) only moves ingest partitions: every
 * instance holds the whole index and keeps answering lookups, so it stays in the load balancer.
 */
@Readiness
@ApplicationScoped
public class PipelineReadiness implements HealthCheck {
  private final IngestService ingest;
  private final ServingIndex serving;

  PipelineReadiness(IngestService ingest, ServingIndex serving) {
    this.ingest = ingest;
    this.serving = serving;
  }

  @Override
  public HealthCheckResponse call() {
    boolean indexOpen;
    long items = -1;
    try (ServingIndex.Lease lease = serving.acquire()) {
      items = lease.index().size();
      indexOpen = true;
    } catch (RuntimeException e) {
      indexOpen = false;
    }
    return HealthCheckResponse.named("ingest-pipeline")
        .status(indexOpen && ingest.isServing())
        .withData("streams", ingest.streamsState())
        .withData("indexOpen", indexOpen)
        .withData("indexedItems", items)
        .build();
  }
}
